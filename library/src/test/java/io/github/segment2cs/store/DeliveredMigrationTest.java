package io.github.segment2cs.store;

import static io.github.segment2cs.store.QueuedMessagesMigrationTest.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.segment2cs.support.ScratchH2;
import io.github.segment2cs.support.ScratchPostgresql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;

/**
 * A store of schema version 12, whose deliveries are recorded in the messageIds' rows, migrated to
 * the outcomes of version 13, kept under the outbox rows' ids: each delivery keeps its time and
 * status, a waiting event is still delivered, the window still decides what may be queued again,
 * and the purge forgets what was delivered before it.
 */
class DeliveredMigrationTest {

    static final long NOW = System.currentTimeMillis();
    static final long WINDOW_START = NOW - Duration.ofDays(1).toMillis();

    @Test
    void onH2() throws SQLException {
        keepsEachDelivery(ScratchH2.dataSource("v13"), false);
    }

    @Test
    void onPostgresql() throws SQLException {
        try (ScratchPostgresql postgresql = new ScratchPostgresql("s2cs_v13")) {
            keepsEachDelivery(postgresql.dataSource(), true);
        }
    }

    void keepsEachDelivery(DataSource dataSource, boolean postgresql) throws SQLException {
        StateSchema.migrate(dataSource, postgresql, MigrationVersion.fromVersion("12"));
        StateDatabase database = new StateDatabase(dataSource, postgresql, new StateOutage());
        database.inTransaction(connection -> {
            delivered(connection, "in-window", NOW - 5_000, 201);
            delivered(connection, "before-window", WINDOW_START - 1, 200);
            delivered(connection, "no-status", NOW - 4_000, null);
            long id = Sql.insertAll(connection, "INSERT INTO s2cs_outbox (message_id, user_id, event_id, payload, message, "
                    + "created_at, next_attempt_at) VALUES (?, 'u', 'Viewed', '{}', '{}', ?, ?)",
                    List.<Object[]>of(new Object[] { "waiting", NOW - 3_000, NOW - 3_000 }))[0];
            return Sql.update(connection, "INSERT INTO s2cs_queued_message (message_id, queued_at, outbox_id) "
                    + "VALUES ('waiting', ?, ?)", NOW - 3_000, id);
        });

        StateSchema.migrate(dataSource, postgresql);

        MessageHistory history = new MessageHistory(database);
        MessageHistory.Fate inWindow = history.of("in-window").orElseThrow();
        assertEquals("delivered", inWindow.fate());
        assertEquals("HTTP 201", inWindow.reason());
        assertEquals(List.of(NOW - 5_010, NOW - 5_000), inWindow.history().stream().map(MessageHistory.Step::at).toList(),
                "queued, then delivered, at their times");
        assertEquals("delivered", history.of("no-status").orElseThrow().fate());
        assertEquals("awaiting delivery", history.of("waiting").orElseThrow().fate());

        OutboxStore outbox = new OutboxStore(database, new InstanceRegistry(database), new GroupCommit(database, 1));
        assertFalse(outbox.enqueue(event("in-window"), WINDOW_START), "delivered within the window");
        assertFalse(outbox.enqueue(event("waiting"), WINDOW_START), "queued");
        assertTrue(outbox.enqueue(event("before-window"), WINDOW_START), "delivered before the window");
        assertEquals(List.of("waiting", "before-window"), outbox.claimDue(10, Duration.ofMinutes(1)).stream()
                .map(OutboxStore.Pending::messageId).toList());

        assertEquals(3, outbox.forgetDeliveredBefore(NOW), "the three deliveries made before the migration");
        assertTrue(history.of("in-window").isEmpty());
        assertEquals("awaiting delivery", history.of("before-window").orElseThrow().fate(), "queued again: kept");
    }

    static void delivered(Connection connection, String messageId, long at, Integer status) throws SQLException {
        Sql.update(connection, "INSERT INTO s2cs_queued_message (message_id, queued_at, delivered_at, status) "
                + "VALUES (?, ?, ?, ?)", messageId, at - 10, at, status);
    }
}
