package io.github.segment2cs.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.api.MigrationVersion;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What recording delivery outcomes costs on an embedded H2 file like the service's, by schema:
 * version 12 updated each messageId's row of {@code s2cs_queued_message} (and its delivered_at
 * index), version 13 inserts a row of {@code s2cs_delivered} under the outbox id, as
 * {@link OutboxStore#delivered} does. Each file holds {@code benchmark.delivered} delivered
 * messageIds and {@code benchmark.waiting} waiting 1 KB events; the waiting ones are delivered in
 * groups of 50 per durable transaction, as outcomes are committed together, alternating between the
 * two files group by group so that the machine's drift falls on both alike. It prints the calling
 * thread's CPU time per outcome (the durable writes of the file run in that thread too) and asserts
 * nothing timed. Not part of the test run, as its name does not end in Test:
 * {@code ./mvnw -B -o -pl library test -Dtest=OutcomeWriteBenchmark}.
 */
class OutcomeWriteBenchmark {

    static final int DELIVERED = Integer.getInteger("benchmark.delivered", 300_000);
    static final int WAITING = Integer.getInteger("benchmark.waiting", 30_000);
    static final int GROUP = 50;
    static final String MESSAGE = "{\"padding\":\"" + "x".repeat(1_000) + "\"}";

    @Test
    void outcomesUnderTheOutboxIdAgainstInTheMessageIdsRow(@TempDir Path directory) {
        Store byMessageId = new Store(directory.resolve("v12"), "12");
        Store byOutboxId = new Store(directory.resolve("v13"), "13");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int from = 0; from < WAITING; from += GROUP) {
            boolean oldFirst = (from / GROUP) % 2 == 0;
            for (Store store : oldFirst ? List.of(byMessageId, byOutboxId) : List.of(byOutboxId, byMessageId)) {
                long before = threads.getCurrentThreadCpuTime();
                store.deliver(from, Math.min(from + GROUP, WAITING));
                store.cpuNanos += threads.getCurrentThreadCpuTime() - before;
            }
        }
        System.out.printf("outcome benchmark: %,d delivered messageIds on file, %,d deliveries recorded in groups of %d: "
                + "CPU per outcome %.1f µs in the messageId's row (schema 12), %.1f µs under the outbox id (schema 13)%n",
                DELIVERED, WAITING, GROUP, byMessageId.cpuNanos / 1e3 / WAITING, byOutboxId.cpuNanos / 1e3 / WAITING);
        assertEquals(0, byMessageId.waiting());
        assertEquals(0, byOutboxId.waiting());
        byMessageId.pool.dispose();
        byOutboxId.pool.dispose();
    }

    /** One H2 file at one schema version, with its waiting events. */
    static final class Store {
        final boolean inTheMessageIdsRow;
        final JdbcConnectionPool pool;
        final StateDatabase database;
        final long[] outboxIds = new long[WAITING];
        final String[] messageIds = new String[WAITING];
        long cpuNanos;

        Store(Path directory, String version) {
            inTheMessageIdsRow = version.equals("12");
            pool = JdbcConnectionPool.create(EmbeddedH2File.url(directory)
                    + ";QUERY_CACHE_SIZE=64;MAX_LENGTH_INPLACE_LOB=4096", "sa", "");
            StateSchema.migrate(pool, false, MigrationVersion.fromVersion(version));
            database = StateDatabase.ownH2File(pool, new StateOutage());
            for (int from = 0; from < DELIVERED; from += 1_000) {
                fillDelivered(from, Math.min(from + 1_000, DELIVERED));
            }
            for (int from = 0; from < WAITING; from += 500) {
                fillWaiting(from, Math.min(from + 500, WAITING));
            }
        }

        private void fillDelivered(int from, int to) {
            long at = System.currentTimeMillis();
            List<Object[]> registrations = new ArrayList<>();
            List<Object[]> outcomes = new ArrayList<>();
            for (int i = from; i < to; i++) {
                String messageId = UUID.randomUUID().toString();
                // Deliveries of schema 12 gave their outbox ids up; V13 numbers them below zero.
                if (inTheMessageIdsRow) {
                    registrations.add(new Object[] { messageId, at, at, 200 });
                } else {
                    registrations.add(new Object[] { messageId, at, -1L - i });
                    outcomes.add(new Object[] { -1L - i, messageId, at, 200 });
                }
            }
            database.inDurableTransaction(connection -> {
                if (inTheMessageIdsRow) {
                    return Sql.batch(connection, "INSERT INTO s2cs_queued_message (message_id, queued_at, delivered_at, "
                            + "status) VALUES (?, ?, ?, ?)", registrations);
                }
                Sql.batch(connection, "INSERT INTO s2cs_queued_message (message_id, queued_at, outbox_id) "
                        + "VALUES (?, ?, ?)", registrations);
                return Sql.batch(connection, "INSERT INTO s2cs_delivered (outbox_id, message_id, delivered_at, status) "
                        + "VALUES (?, ?, ?, ?)", outcomes);
            });
        }

        private void fillWaiting(int from, int to) {
            long now = System.currentTimeMillis();
            List<Object[]> events = new ArrayList<>();
            for (int i = from; i < to; i++) {
                messageIds[i] = UUID.randomUUID().toString();
                events.add(new Object[] { messageIds[i], "u-" + i, "Viewed", "{}", MESSAGE, now, now, OutboxStore.USAGE });
            }
            database.inDurableTransaction(connection -> {
                long[] ids = Sql.insertAll(connection, "INSERT INTO s2cs_outbox (message_id, user_id, event_id, payload, "
                        + "message, created_at, next_attempt_at, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", events);
                List<Object[]> registrations = new ArrayList<>();
                for (int i = 0; i < ids.length; i++) {
                    outboxIds[from + i] = ids[i];
                    registrations.add(new Object[] { messageIds[from + i], now, ids[i] });
                }
                return Sql.batch(connection, "INSERT INTO s2cs_queued_message (message_id, queued_at, outbox_id) "
                        + "VALUES (?, ?, ?)", registrations);
            });
        }

        void deliver(int from, int to) {
            database.inDurableTransaction(connection -> {
                long now = System.currentTimeMillis();
                for (int i = from; i < to; i++) {
                    Sql.update(connection, "DELETE FROM s2cs_outbox WHERE id = ?", outboxIds[i]);
                    if (inTheMessageIdsRow) {
                        Sql.update(connection, "UPDATE s2cs_queued_message SET delivered_at = ?, status = ?, "
                                + "outbox_id = NULL WHERE message_id = ?", now, 200, messageIds[i]);
                    } else {
                        Sql.update(connection, "INSERT INTO s2cs_delivered (outbox_id, message_id, delivered_at, status) "
                                + "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", outboxIds[i], messageIds[i], now, 200);
                    }
                }
                return null;
            });
        }

        long waiting() {
            return database.inTransaction(connection -> Sql.queryOne(connection, "SELECT COUNT(*) FROM s2cs_outbox",
                    row -> row.getLong(1)));
        }
    }
}
