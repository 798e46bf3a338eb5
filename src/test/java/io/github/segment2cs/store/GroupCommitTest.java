package io.github.segment2cs.store;

import static io.github.segment2cs.support.Segment.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.segment2cs.support.ClientSuccessMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Concurrent writers sharing commits, waiting for them or not, on the service's own database. */
@QuarkusTest
@WithTestResource(ClientSuccessMock.class)
class GroupCommitTest {

    /**
     * When the rows were delivered: within DEDUP_WINDOW, or the housekeeping route (a minute after
     * start, then hourly) may forget them in the middle of a test.
     */
    static final long NOW = System.currentTimeMillis();

    @Inject
    StateDatabase database;

    GroupCommit groupCommit;

    @BeforeEach
    void commitsShared() {
        groupCommit = new GroupCommit(database, 10);
    }

    @Test
    void everyCallerReturnsOnlyOnceItsOwnWriteIsCommitted() throws Exception {
        String prefix = unique("gc");
        ExecutorService writers = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                String id = prefix + "-" + i;
                done.add(writers.submit(() -> {
                    groupCommit.commit(connection -> Sql.update(connection,
                            "INSERT INTO s2cs_queued_message (message_id, queued_at) VALUES (?, ?)", id, NOW));
                    assertEquals(1L, count(id), "committed when commit returns");
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            writers.shutdown();
        }
        assertEquals(400L, count(prefix + "-%"));
    }

    @Test
    void aFailingWriteFailsItsCallerAloneAndTheOthersAreCommitted() throws Exception {
        String taken = unique("gc-taken");
        groupCommit.commit(connection -> Sql.update(connection,
                "INSERT INTO s2cs_queued_message (message_id, queued_at) VALUES (?, ?)", taken, NOW));
        String prefix = unique("gc-ok");
        ExecutorService writers = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> good = new ArrayList<>();
            Future<?> bad = null;
            for (int i = 0; i < 100; i++) {
                String id = i == 50 ? taken : prefix + "-" + i;
                Future<?> future = writers.submit(() -> groupCommit.commit(connection -> Sql.update(connection,
                        "INSERT INTO s2cs_queued_message (message_id, queued_at) VALUES (?, ?)", id, NOW)));
                if (i == 50) {
                    bad = future;
                } else {
                    good.add(future);
                }
            }
            for (Future<?> future : good) {
                future.get();
            }
            Future<?> duplicate = bad;
            assertThrows(java.util.concurrent.ExecutionException.class, duplicate::get);
        } finally {
            writers.shutdown();
        }
        assertEquals(99L, count(prefix + "-%"));
    }

    @Test
    void writesHandedOverWithoutWaitingAreCommittedAndEachCallerIsToldHowItsWent() throws Exception {
        String taken = unique("gc-later-taken");
        groupCommit.commit(connection -> insert(connection, taken));
        String prefix = unique("gc-later");
        List<CompletableFuture<RuntimeException>> told = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String id = i == 50 ? taken : prefix + "-" + i;
            CompletableFuture<RuntimeException> outcome = new CompletableFuture<>();
            groupCommit.commitLater(connection -> insert(connection, id), outcome::complete);
            told.add(outcome);
        }

        for (int i = 0; i < told.size(); i++) {
            RuntimeException failure = told.get(i).get(10, TimeUnit.SECONDS);
            if (i == 50) {
                assertNotNull(failure, "the duplicate's caller is told it failed");
            } else {
                assertNull(failure, "write " + i);
            }
        }
        assertEquals(99L, count(prefix + "-%"));
    }

    @Test
    void flushReturnsOnceEveryWriteQueuedBeforeItIsCommitted() {
        GroupCommit slowCommitter = new GroupCommit(database, Duration.ofMinutes(1), Integer.MAX_VALUE);
        String prefix = unique("gc-flush");
        for (int i = 0; i < 50; i++) {
            String id = prefix + "-" + i;
            slowCommitter.commitLater(connection -> insert(connection, id), failure -> { });
        }
        assertEquals(0L, count(prefix + "-%"), "the committer is still gathering");

        slowCommitter.flush();

        assertEquals(50L, count(prefix + "-%"));
    }

    @Test
    void enoughWritesAreCommittedWithoutWaitingForTheRestOfTheGather() throws Exception {
        GroupCommit slowCommitter = new GroupCommit(database, Duration.ofMinutes(1), 5);
        String prefix = unique("gc-enough");
        List<CompletableFuture<RuntimeException>> told = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = prefix + "-" + i;
            CompletableFuture<RuntimeException> outcome = new CompletableFuture<>();
            slowCommitter.commitLater(connection -> insert(connection, id), outcome::complete);
            told.add(outcome);
        }

        for (CompletableFuture<RuntimeException> outcome : told) {
            assertNull(outcome.get(10, TimeUnit.SECONDS), "told long before the minute's gather ends");
        }
        assertEquals(5L, count(prefix + "-%"));
    }

    static void insert(java.sql.Connection connection, String id) throws java.sql.SQLException {
        Sql.update(connection, "INSERT INTO s2cs_queued_message (message_id, queued_at) VALUES (?, ?)", id, NOW);
    }

    long count(String pattern) {
        return database.inTransaction(connection -> Sql.queryOne(connection,
                "SELECT COUNT(*) FROM s2cs_queued_message WHERE message_id LIKE ?", row -> row.getLong(1), pattern));
    }
}
