package io.github.segment2cs.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.segment2cs.support.ScratchH2;
import io.github.segment2cs.support.ScratchPostgresql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The end of a claim: its events are queued once each, never after their delivery, and its messages leave the inbox. */
class InboxStoreFinishTest {

    static final long WINDOW_START = 1_000_000;

    @Test
    void onH2() throws SQLException {
        queuesEachEventOnceAndNeverAgainAfterItsDelivery(ScratchH2.dataSource("finish"), false);
    }

    @Test
    void onPostgresql() throws SQLException {
        try (ScratchPostgresql postgresql = new ScratchPostgresql("s2cs_finish")) {
            queuesEachEventOnceAndNeverAgainAfterItsDelivery(postgresql.dataSource(), true);
        }
    }

    void queuesEachEventOnceAndNeverAgainAfterItsDelivery(DataSource dataSource, boolean postgresql) throws SQLException {
        StateSchema.migrate(dataSource, postgresql);
        StateDatabase database = new StateDatabase(dataSource, postgresql, new StateOutage());
        InstanceRegistry instance = new InstanceRegistry(database);
        InboxStore inbox = new InboxStore(database, instance, Duration.ofHours(24));
        OutboxStore outbox = new OutboxStore(database, instance, new GroupCommit(database, 10));
        inbox.accept(IntStream.range(0, 3).mapToObj(i -> new InboxStore.Accepted("key", "in-" + i, "u", i, "{}")).toList());
        assertEquals(true, outbox.enqueue(event("queued-before"), WINDOW_START));
        database.inTransaction(connection -> delivered(connection, "delivered-in-window", -1, WINDOW_START)
                + delivered(connection, "delivered-before-window", -2, WINDOW_START - 1));
        List<Long> routed = inbox.claim(2, Duration.ofMinutes(1)).stream().map(InboxStore.Entry::id).toList();

        boolean[] queued = inbox.finish(routed, List.of(new MessageHistory.Step("in-0", 5, "skipped", "why")),
                List.of(event("new"), event("twice"), event("twice"), event("queued-before"), event("delivered-in-window"),
                        event("delivered-before-window"), event("new-2")),
                WINDOW_START);

        assertArrayEquals(new boolean[] { true, true, false, false, false, true, true }, queued);
        assertEquals(List.of("delivered-before-window", "new", "new-2", "queued-before", "twice"),
                database.inTransaction(connection -> Sql.query(connection,
                        "SELECT message_id FROM s2cs_outbox ORDER BY message_id", row -> row.getString(1))));
        assertEquals(1, inbox.pending());
        assertEquals("skipped", new MessageHistory(database).of("in-0").orElseThrow().fate());
    }

    @Test
    void aLargeClaimQueuesAllButTheEventsDeliveredInTheWindow() {
        JdbcDataSource h2 = ScratchH2.dataSource("finish");
        StateSchema.migrate(h2, false);
        StateDatabase database = new StateDatabase(h2, false, new StateOutage());
        InboxStore inbox = new InboxStore(database, new InstanceRegistry(database), Duration.ofHours(24));
        List<OutboxStore.Outgoing> events = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            events.add(event("m-" + i));
        }
        database.inTransaction(connection -> delivered(connection, "m-7", -7, WINDOW_START)
                + delivered(connection, "m-249", -249, WINDOW_START));

        boolean[] queued = inbox.finish(List.of(), List.of(), events, WINDOW_START);

        for (int i = 0; i < queued.length; i++) {
            assertEquals(i != 7 && i != 249, queued[i], "m-" + i);
        }
    }

    static OutboxStore.Outgoing event(String messageId) {
        return new OutboxStore.Outgoing(messageId, "u", "Signed Up", "{}", "{}");
    }

    /** A messageId whose event was queued as outbox row {@code outboxId} and delivered {@code at}. */
    static int delivered(Connection connection, String messageId, long outboxId, long at) throws SQLException {
        return Sql.update(connection, "INSERT INTO s2cs_queued_message (message_id, queued_at, outbox_id) VALUES (?, ?, ?)",
                messageId, at, outboxId) + Sql.update(connection, "INSERT INTO s2cs_delivered (outbox_id, message_id, "
                        + "delivered_at, status) VALUES (?, ?, ?, 200)", outboxId, messageId, at);
    }
}
