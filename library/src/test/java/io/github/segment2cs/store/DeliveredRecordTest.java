package io.github.segment2cs.store;

import static io.github.segment2cs.store.QueuedMessagesMigrationTest.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.segment2cs.support.ScratchH2;
import io.github.segment2cs.support.ScratchPostgresql;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A delivered event leaves the outbox and its messageId is remembered with ClientSuccess's status:
 * the first delivery records it, a later one (a replayed dead letter) records its own time and status.
 * Once the de-duplication window has passed, the purge forgets a delivery, and only that one.
 */
class DeliveredRecordTest {

    @Test
    void onH2() throws SQLException {
        remembersEachDelivery(ScratchH2.dataSource("delivered"), false);
    }

    @Test
    void onPostgresql() throws SQLException {
        try (ScratchPostgresql postgresql = new ScratchPostgresql("s2cs_delivered")) {
            remembersEachDelivery(postgresql.dataSource(), true);
        }
    }

    @Test
    void thePurgeForgetsDeliveriesBeforeTheWindowOnH2() throws SQLException {
        forgetsOnlyWhatWasDeliveredBeforeTheWindow(ScratchH2.dataSource("forget"), false);
    }

    @Test
    void thePurgeForgetsDeliveriesBeforeTheWindowOnPostgresql() throws SQLException {
        try (ScratchPostgresql postgresql = new ScratchPostgresql("s2cs_forget")) {
            forgetsOnlyWhatWasDeliveredBeforeTheWindow(postgresql.dataSource(), true);
        }
    }

    void remembersEachDelivery(DataSource dataSource, boolean postgresql) throws SQLException {
        StateSchema.migrate(dataSource, postgresql);
        StateDatabase database = new StateDatabase(dataSource, postgresql, new StateOutage());
        OutboxStore outbox = new OutboxStore(database, new InstanceRegistry(database), new GroupCommit(database, 1));

        deliverOnce(outbox, 200);
        assertEquals(List.of("m-1 200"), delivered(database));
        assertEquals(0, outbox.waiting());

        deliverOnce(outbox, 201);
        assertEquals(List.of("m-1 201"), delivered(database), "the repeat's status replaces the first one's");
        assertEquals(0, outbox.waiting());
    }

    void forgetsOnlyWhatWasDeliveredBeforeTheWindow(DataSource dataSource, boolean postgresql) throws SQLException {
        StateSchema.migrate(dataSource, postgresql);
        StateDatabase database = new StateDatabase(dataSource, postgresql, new StateOutage());
        OutboxStore outbox = new OutboxStore(database, new InstanceRegistry(database), new GroupCommit(database, 1));
        MessageHistory history = new MessageHistory(database);
        for (String messageId : List.of("old", "again", "waiting")) {
            assertTrue(outbox.enqueue(event(messageId), Long.MAX_VALUE));
        }
        for (OutboxStore.Pending pending : outbox.claimDue(10, Duration.ofMinutes(1))) {
            if (!pending.messageId().equals("waiting")) {
                deliver(outbox, pending, 200);
            }
        }
        // Delivered before the window that follows: queued again, and waiting once more.
        assertTrue(outbox.enqueue(event("again"), Long.MAX_VALUE));
        assertTrue(outbox.enqueue(event("recent"), Long.MAX_VALUE));
        long cutoff = System.currentTimeMillis() + 1;
        deliver(outbox, outbox.claimDue(10, Duration.ofMinutes(1)).stream()
                .filter(pending -> pending.messageId().equals("recent")).findFirst().orElseThrow(), 200);
        database.inTransaction(connection -> Sql.update(connection,
                "UPDATE s2cs_delivered SET delivered_at = ? WHERE message_id = 'recent'", cutoff + 1_000));

        assertEquals(2, outbox.forgetDeliveredBefore(cutoff), "the first deliveries of old and again");

        assertTrue(history.of("old").isEmpty(), "forgotten");
        assertEquals("awaiting delivery", history.of("again").orElseThrow().fate());
        assertEquals("awaiting delivery", history.of("waiting").orElseThrow().fate());
        assertEquals("delivered", history.of("recent").orElseThrow().fate());
        assertFalse(outbox.enqueue(event("again"), 0), "still queued");
        assertFalse(outbox.enqueue(event("recent"), 0), "delivered within the window");
        assertTrue(outbox.enqueue(event("old"), 0), "forgotten, so new");
    }

    static void deliver(OutboxStore outbox, OutboxStore.Pending pending, int status) {
        AtomicReference<RuntimeException> failure = new AtomicReference<>(new IllegalStateException("not told"));
        outbox.delivered(pending, status, failure::set);
        outbox.flushOutcomes();
        assertNull(failure.get());
    }

    static void deliverOnce(OutboxStore outbox, int status) {
        // Delivered before the window: queued again, as a replayed dead letter is.
        assertTrue(outbox.enqueue(event("m-1"), Long.MAX_VALUE));
        deliver(outbox, outbox.claimDue(10, Duration.ofMinutes(1)).get(0), status);
    }

    static List<String> delivered(StateDatabase database) {
        return database.inTransaction(connection -> Sql.query(connection,
                "SELECT q.message_id, d.status FROM s2cs_queued_message q JOIN s2cs_delivered d "
                        + "ON d.outbox_id = q.outbox_id", row -> row.getString(1) + " " + row.getInt(2)));
    }
}
