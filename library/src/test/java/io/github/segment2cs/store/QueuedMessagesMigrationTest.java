package io.github.segment2cs.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.segment2cs.support.ScratchH2;
import io.github.segment2cs.support.ScratchPostgresql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;

/**
 * A store of schema version 11, with events waiting in the outbox and delivered messageIds, migrated
 * to the registered messageIds of version 12: every waiting event is still delivered, in its order,
 * and no delivered or waiting messageId can be queued again within the window.
 */
class QueuedMessagesMigrationTest {

    static final long NOW = System.currentTimeMillis();
    static final long WINDOW_START = NOW - Duration.ofDays(1).toMillis();

    @Test
    void onH2() throws SQLException {
        keepsWhatWaitedAndWhatWasDelivered(ScratchH2.dataSource("v12"), false);
    }

    @Test
    void onPostgresql() throws SQLException {
        try (ScratchPostgresql postgresql = new ScratchPostgresql("s2cs_v12")) {
            keepsWhatWaitedAndWhatWasDelivered(postgresql.dataSource(), true);
        }
    }

    void keepsWhatWaitedAndWhatWasDelivered(DataSource dataSource, boolean postgresql) throws SQLException {
        StateSchema.migrate(dataSource, postgresql, MigrationVersion.fromVersion("11"));
        StateDatabase database = new StateDatabase(dataSource, postgresql, new StateOutage());
        database.inTransaction(connection -> {
            waiting(connection, "gone", 1);
            waiting(connection, "waiting", 2);
            waiting(connection, "waiting-again", 3);
            Sql.update(connection, "DELETE FROM s2cs_outbox WHERE message_id = 'gone'");
            delivered(connection, "waiting-again", WINDOW_START - 1);
            delivered(connection, "delivered", NOW);
            return null;
        });

        StateSchema.migrate(dataSource, postgresql);

        OutboxStore outbox = new OutboxStore(database, new InstanceRegistry(database), new GroupCommit(database, 1));
        MessageHistory history = new MessageHistory(database);
        assertEquals("awaiting delivery", history.of("waiting").orElseThrow().fate());
        assertEquals("awaiting delivery", history.of("waiting-again").orElseThrow().fate());
        assertEquals("delivered", history.of("delivered").orElseThrow().fate());
        for (String repeat : List.of("waiting", "waiting-again", "delivered")) {
            assertFalse(outbox.enqueue(event(repeat), WINDOW_START), repeat + " is queued or delivered in the window");
        }
        assertTrue(outbox.enqueue(event("new"), WINDOW_START));

        List<OutboxStore.Pending> due = outbox.claimDue(10, Duration.ofMinutes(1));
        assertEquals(List.of("waiting", "waiting-again", "new"), due.stream().map(OutboxStore.Pending::messageId).toList(),
                "in the order they were queued, the new one after those that waited");
        assertEquals("{\"n\":2}", due.get(0).payload());
        for (OutboxStore.Pending pending : due) {
            AtomicReference<RuntimeException> told = new AtomicReference<>(new IllegalStateException("not told"));
            outbox.delivered(pending, 200, told::set);
            outbox.flushOutcomes();
            assertEquals(null, told.get());
        }
        assertEquals(0, outbox.waiting());
        assertEquals("delivered", history.of("waiting-again").orElseThrow().fate());
        assertFalse(outbox.enqueue(event("waiting-again"), WINDOW_START), "delivered now");
    }

    static void waiting(Connection connection, String messageId, int n) throws SQLException {
        Sql.update(connection, "INSERT INTO s2cs_outbox (message_id, user_id, event_id, payload, message, created_at, "
                + "next_attempt_at) VALUES (?, 'u', 'Viewed', ?, '{}', ?, ?)", messageId, "{\"n\":" + n + "}", NOW + n,
                NOW - 1_000);
    }

    static void delivered(Connection connection, String messageId, long at) throws SQLException {
        Sql.update(connection, "INSERT INTO s2cs_delivered_message (message_id, delivered_at, status, queued_at) "
                + "VALUES (?, ?, 200, ?)", messageId, at, at - 10);
    }

    static OutboxStore.Outgoing event(String messageId) {
        return new OutboxStore.Outgoing(messageId, "u", "Viewed", "{}", "{}");
    }
}
