package io.github.segment2cs.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.segment2cs.support.ScratchH2;
import io.github.segment2cs.support.ScratchPostgresql;
import java.sql.Connection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The per-user lock that keeps a group call and a held event from missing each other. */
@Timeout(60)
class LockUserTest {

    @Test
    void onH2() throws Exception {
        aSecondTransactionWaitsForTheFirstToEnd(ScratchH2.dataSource("lock"), false);
    }

    @Test
    void onPostgresql() throws Exception {
        try (ScratchPostgresql postgresql = new ScratchPostgresql("s2cs_lock")) {
            aSecondTransactionWaitsForTheFirstToEnd(postgresql.dataSource(), true);
        }
    }

    void aSecondTransactionWaitsForTheFirstToEnd(DataSource dataSource, boolean postgresql) throws Exception {
        StateSchema.migrate(dataSource, postgresql);
        StateDatabase database = new StateDatabase(dataSource, postgresql, new StateOutage());
        database.inTransaction(connection -> {
            database.lockUser(connection, "u");
            return null;
        });
        AtomicBoolean firstEnded = new AtomicBoolean();
        CountDownLatch locked = new CountDownLatch(1);
        try (Connection first = dataSource.getConnection()) {
            first.setAutoCommit(false);
            database.lockUser(first, "u");

            CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(() -> database.inTransaction(connection -> {
                locked.countDown();
                database.lockUser(connection, "u");
                return firstEnded.get();
            }));
            database.inTransaction(connection -> {
                database.lockUser(connection, "someone else");
                return null;
            });
            assertTrue(locked.await(10, TimeUnit.SECONDS));
            Thread.sleep(300);
            assertFalse(second.isDone(), "the second lock of u was granted while the first transaction held it");
            firstEnded.set(true);
            first.commit();
            assertTrue(second.get(30, TimeUnit.SECONDS), "the second lock was granted before the first transaction ended");
        }
        long rows = database.inTransaction(connection -> Sql.queryOne(connection, "SELECT COUNT(*) FROM s2cs_user_lock",
                row -> row.getLong(1)));
        assertEquals(2, rows, "one lock row per user, whoever locked it first");
    }
}
