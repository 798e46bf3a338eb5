package io.github.segment2cs.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    static void deliverOnce(OutboxStore outbox, int status) {
        // Delivered before the window: queued again, as a replayed dead letter is.
        assertTrue(outbox.enqueue(new OutboxStore.Outgoing("m-1", "u", "Viewed", "{}", "{}"), Long.MAX_VALUE));
        OutboxStore.Pending pending = outbox.claimDue(10, Duration.ofMinutes(1)).get(0);
        AtomicReference<RuntimeException> failure = new AtomicReference<>(new IllegalStateException("not told"));
        outbox.delivered(pending, status, failure::set);
        outbox.flushOutcomes();
        assertNull(failure.get());
    }

    static List<String> delivered(StateDatabase database) {
        return database.inTransaction(connection -> Sql.query(connection,
                "SELECT message_id, status FROM s2cs_queued_message", row -> row.getString(1) + " " + row.getInt(2)));
    }
}
