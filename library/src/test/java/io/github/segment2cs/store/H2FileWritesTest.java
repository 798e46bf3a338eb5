package io.github.segment2cs.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service's own H2 file is written when someone is told: what a sender or a delivery's outcome
 * was told is on file after the process dies; work told to nobody may be lost with it, and is
 * done again. "Dies" is H2's SHUTDOWN IMMEDIATELY, which closes the file without writing anything.
 */
class H2FileWritesTest {

    @TempDir
    Path directory;
    String url;
    JdbcConnectionPool pool;
    StateDatabase database;
    InboxStore inbox;

    @BeforeEach
    void open() {
        url = EmbeddedH2File.url(directory);
        pool = JdbcConnectionPool.create(url, "sa", "");
        StateSchema.migrate(pool, false);
        database = StateDatabase.ownH2File(pool, new StateOutage());
        inbox = new InboxStore(database, new InstanceRegistry(database), Duration.ofHours(1));
    }

    @AfterEach
    void close() {
        pool.dispose();
    }

    @Test
    void whatWasToldIsOnFileAndWhatWasNotMayBeLost() throws SQLException {
        inbox.accept(List.of(accepted("told")));
        database.inTransaction(connection -> Sql.update(connection, "INSERT INTO s2cs_inbox (source, message_id, "
                + "received_at, message) VALUES ('key', 'untold', 0, '{}')"));

        List<String> kept = afterACrash();

        assertEquals(List.of("told"), kept);
    }

    @Test
    void workNobodyWasToldAboutIsOnFileOnceTransactionsRanForASecond() throws Exception {
        inbox.accept(List.of(accepted("told")));
        database.inTransaction(connection -> Sql.update(connection, "INSERT INTO s2cs_inbox (source, message_id, "
                + "received_at, message) VALUES ('key', 'untold', 0, '{}')"));
        Thread.sleep(1_100);

        database.inTransaction(connection -> Sql.query(connection, "SELECT 1", row -> 1));

        assertEquals(List.of("told", "untold"), afterACrash());
    }

    @Test
    void sendersAnsweredTogetherAreAllOnFile() throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> answers = new ArrayList<>();
            for (int sender = 0; sender < 8; sender++) {
                int first = sender * 50;
                answers.add(senders.submit(() -> IntStream.range(first, first + 50)
                        .forEach(i -> inbox.accept(List.of(accepted("m-" + i))))));
            }
            for (Future<?> answer : answers) {
                answer.get();
            }
        } finally {
            senders.shutdown();
        }

        assertEquals(400, afterACrash().size());
    }

    @Test
    void aDeliveryOutcomeIsOnFileWhenItsCallerIsTold() throws Exception {
        OutboxStore outbox = new OutboxStore(database, new InstanceRegistry(database), new GroupCommit(database, 10));
        outbox.enqueue(new OutboxStore.Outgoing("d-1", "u", "E", "{}", "{}"), 0);
        OutboxStore.Pending pending = outbox.claimDue(1, Duration.ofMinutes(1)).get(0);
        AtomicReference<RuntimeException> told = new AtomicReference<>(new IllegalStateException("not told"));
        Object lock = new Object();
        outbox.delivered(pending, 200, failure -> {
            synchronized (lock) {
                told.set(failure);
                lock.notifyAll();
            }
        });
        synchronized (lock) {
            long until = System.currentTimeMillis() + 10_000;
            while (told.get() instanceof IllegalStateException && System.currentTimeMillis() < until) {
                lock.wait(100);
            }
        }
        assertNull(told.get());

        EmbeddedH2File.crash(pool);
        pool = JdbcConnectionPool.create(url, "sa", "");
        try (Connection connection = pool.getConnection()) {
            assertTrue(Sql.query(connection, "SELECT message_id FROM s2cs_outbox", row -> row.getString(1)).isEmpty());
            assertEquals(List.of(200), Sql.query(connection, "SELECT status FROM s2cs_delivered WHERE "
                    + "message_id = 'd-1'", row -> row.getInt(1)));
        }
    }

    @Test
    void aFileH2WritesInTheBackgroundIsRefused() {
        JdbcConnectionPool background = JdbcConnectionPool.create(url.replace("WRITE_DELAY=0", "WRITE_DELAY=500")
                .replace("/state;", "/background;"), "sa", "");
        try {
            StateDatabase refused = StateDatabase.ownH2File(background, new StateOutage());
            IllegalStateException failure = assertThrows(IllegalStateException.class,
                    () -> refused.inTransaction(connection -> 1));
            assertTrue(failure.getMessage().contains("WRITE_DELAY=0"), failure.getMessage());
        } finally {
            background.dispose();
        }
    }

    static InboxStore.Accepted accepted(String messageId) {
        return new InboxStore.Accepted("key", messageId, "u", 0, "{}");
    }

    /** The messageIds in the inbox once the process died and the file was opened again. */
    List<String> afterACrash() throws SQLException {
        EmbeddedH2File.crash(pool);
        pool = JdbcConnectionPool.create(url, "sa", "");
        try (Connection connection = pool.getConnection()) {
            return Sql.query(connection, "SELECT message_id FROM s2cs_inbox ORDER BY id", row -> row.getString(1));
        }
    }

}
