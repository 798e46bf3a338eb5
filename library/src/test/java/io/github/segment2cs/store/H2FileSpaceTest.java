package io.github.segment2cs.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service's own H2 file stays near the size of the data it holds while rows come and go, as
 * in a busy inbox and outbox, and reopens whole after the process died in the middle of it.
 */
class H2FileSpaceTest {

    static final int ROUNDS = 1_500;
    static final int ROWS_PER_ROUND = 40;
    static final String KILOBYTE = "x".repeat(1_000);

    @TempDir
    Path directory;
    String url;
    JdbcConnectionPool pool;
    StateDatabase database;

    @BeforeEach
    void open() throws SQLException {
        url = EmbeddedH2File.url(directory);
        pool = JdbcConnectionPool.create(url, "sa", "");
        try (Connection connection = pool.getConnection()) {
            Sql.update(connection, "CREATE TABLE queue (id BIGINT PRIMARY KEY, message VARCHAR(2000))");
            Sql.update(connection, "CREATE TABLE seen (message_id VARCHAR(64) PRIMARY KEY)");
        }
        database = StateDatabase.ownH2File(pool, new StateOutage());
    }

    @AfterEach
    void close() {
        pool.dispose();
    }

    @Test
    void theFileStaysNearItsLiveDataWhileRowsComeAndGo() throws Exception {
        long written = 0;
        long largest = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long first = (long) round * ROWS_PER_ROUND;
            database.inDurableTransaction(connection -> {
                for (long id = first; id < first + ROWS_PER_ROUND; id++) {
                    Sql.update(connection, "INSERT INTO queue (id, message) VALUES (?, ?)", id, KILOBYTE);
                    // Random keys, kept: each insert lands on a page of its own, as Segment's messageIds do.
                    Sql.update(connection, "INSERT INTO seen (message_id) VALUES (?)", UUID.randomUUID().toString());
                }
                return Sql.update(connection, "DELETE FROM queue WHERE id < ?", first - 10L * ROWS_PER_ROUND);
            });
            written += ROWS_PER_ROUND * (KILOBYTE.length() + 36L);
            largest = Math.max(largest, Files.size(file()));
        }

        long live = 11L * ROWS_PER_ROUND * KILOBYTE.length() + ROUNDS * ROWS_PER_ROUND * 36L;
        assertTrue(written > 20 * live, "the test churns far more than it keeps: " + written + " against " + live);
        assertTrue(largest < 16 * live, "the file reached " + largest + " bytes for " + live + " live, "
                + written + " written");
    }

    @Test
    void aCompactionInterruptedWhileWaitingForH2sLockIsSkippedAndTheInterruptKept() throws Exception {
        // Rows come and go until most of the file is dead, so that the next call compacts.
        replaceRows(100);
        MVStore store;
        try (Connection connection = pool.getConnection()) {
            store = H2FileWrites.storeOf(connection);
        }
        int fillRate = store.getFileStore().getChunksFillRate();
        assertTrue(fillRate < 50, "fill rate " + fillRate);

        // The caller's commits are on file by now: an interrupt must not turn them into a failure.
        Thread.currentThread().interrupt();
        try {
            new H2FileSpace().synced(store);
        } finally {
            assertTrue(Thread.interrupted(), "the caller's interrupt is kept");
        }
        assertFalse(store.isClosed(), "the store stays open");
    }

    @Test
    void aFileWhoseSpaceWasReusedOpensWholeAfterACrash() throws Exception {
        replaceRows(300);
        // Written after the last synced write, and told to nobody: may be lost, must not break the file.
        database.inTransaction(connection -> Sql.update(connection, "DELETE FROM queue"));

        EmbeddedH2File.crash(pool);
        pool = JdbcConnectionPool.create(url, "sa", "");

        try (Connection connection = pool.getConnection()) {
            List<Long> ids = Sql.query(connection, "SELECT id FROM queue ORDER BY id", row -> row.getLong(1));
            assertTrue(ids.isEmpty() || ids.size() == ROWS_PER_ROUND, "rows kept: " + ids.size());
            if (!ids.isEmpty()) {
                assertEquals(299L * ROWS_PER_ROUND, ids.get(0));
            }
        }
    }

    Path file() {
        return directory.resolve("state.mv.db");
    }

    /** {@code rounds} durable transactions, each putting in a round of rows and taking out the round before. */
    void replaceRows(int rounds) {
        for (int round = 0; round < rounds; round++) {
            long first = (long) round * ROWS_PER_ROUND;
            database.inDurableTransaction(connection -> {
                for (long id = first; id < first + ROWS_PER_ROUND; id++) {
                    Sql.update(connection, "INSERT INTO queue (id, message) VALUES (?, ?)", id, KILOBYTE);
                }
                return Sql.update(connection, "DELETE FROM queue WHERE id < ?", first);
            });
        }
    }
}
