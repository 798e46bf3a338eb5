package io.github.segment2cs.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the service's own H2 file, claims are kept in memory: a claimed message or delivery is not
 * handed out again while claimed, is handed out again once given back, once its run frees what it
 * left, or once its lease ended, and a claim writes nothing to the file.
 */
class ClaimsInMemoryTest {

    static final Duration LEASE = Duration.ofMinutes(1);

    @TempDir
    Path directory;
    JdbcConnectionPool pool;
    StateDatabase database;
    InboxStore inbox;
    OutboxStore outbox;

    @BeforeEach
    void open() {
        pool = JdbcConnectionPool.create(EmbeddedH2File.url(directory), "sa", "");
        StateSchema.migrate(pool, false);
        database = StateDatabase.ownH2File(pool, new StateOutage());
        InstanceRegistry instance = new InstanceRegistry(database);
        inbox = new InboxStore(database, instance, Duration.ofHours(1));
        outbox = new OutboxStore(database, instance, new GroupCommit(database, 10));
    }

    @AfterEach
    void close() {
        pool.dispose();
    }

    @Test
    void aClaimedMessageIsNotClaimedAgainUntilItsRunFreesWhatItLeft() {
        inbox.accept(IntStream.range(0, 5).mapToObj(i -> new InboxStore.Accepted("key", "m" + i, "u" + i, i, "{}"))
                .toList());

        List<InboxStore.Entry> first = inbox.claim(2, LEASE);
        assertEquals(List.of("m0", "m1"), messageIds(first));
        assertEquals(List.of("m2", "m3"), messageIds(inbox.claim(2, LEASE)), "the claimed ones are passed over");
        inbox.finish(List.of(first.get(0).id()), List.of(), List.of(), 0);

        long written = database.inTransaction(connection -> Sql.queryOne(connection,
                "SELECT COUNT(*) FROM s2cs_inbox WHERE owner IS NOT NULL OR lease_until <> 0", row -> row.getLong(1)));
        assertEquals(0, written, "no claim was written to the rows");
        assertEquals(List.of("m4"), messageIds(inbox.claim(5, LEASE)));
        assertEquals(4, inbox.releaseOwnClaims(), "m1, m2, m3 and m4 were left claimed");
        assertEquals(List.of("m1", "m2", "m3", "m4"), messageIds(inbox.claim(5, LEASE)), "in the order they arrived");
    }

    @Test
    void aClaimWhoseLeaseEndedIsClaimedAgain() throws InterruptedException {
        inbox.accept(List.of(new InboxStore.Accepted("key", "m0", "u", 0, "{}")));
        assertEquals(List.of("m0"), messageIds(inbox.claim(1, Duration.ofMillis(1))));
        Thread.sleep(5);

        assertEquals(List.of("m0"), messageIds(inbox.claim(1, LEASE)));
        assertEquals(List.of(), messageIds(inbox.claim(1, LEASE)), "claimed again, for the new lease");
    }

    @Test
    void aClaimedDeliveryIsClaimedAgainOnlyOnceGivenBack() {
        for (String messageId : List.of("a", "b", "c", "d")) {
            outbox.enqueue(new OutboxStore.Outgoing(messageId, "u", "Event", "{}", "{}"), 0);
        }
        List<OutboxStore.Pending> first = outbox.claimDue(3, LEASE);
        assertEquals(List.of("a", "b", "c"), deliveryIds(first));
        assertEquals(List.of("d"), deliveryIds(outbox.claimDue(3, LEASE)));

        outbox.delivered(first.get(0), 200, failure -> { });
        outbox.flushOutcomes();
        outbox.retryAt(first.get(1).id(), Long.MAX_VALUE, 503, "later");
        outbox.release(first.get(2).id());

        assertEquals(List.of("c"), deliveryIds(outbox.claimDue(3, LEASE)),
                "a is delivered, b not due before its retry, d still claimed; c was given back untried");
        assertEquals(2, outbox.releaseOwnClaims(), "c and d were left claimed");
        assertEquals(List.of("c", "d"), deliveryIds(outbox.claimDue(3, LEASE)));
    }

    @Test
    void twoCallersGivenTheSameRowsTakeEachRowOnce() throws Exception {
        ClaimsInMemory claims = new ClaimsInMemory();
        List<Long> rows = LongStream.range(0, 20_000).boxed().toList();
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            Callable<List<Long>> claim = () -> {
                start.await();
                return claims.claim(rows, Long::longValue, rows.size(), 0, 1);
            };
            Future<List<Long>> one = two.submit(claim);
            Future<List<Long>> other = two.submit(claim);
            start.countDown();
            List<Long> first = one.get();
            List<Long> second = other.get();
            Set<Long> all = new HashSet<>(first);
            all.addAll(second);
            assertEquals(rows.size(), first.size() + second.size(), "no row taken by both");
            assertEquals(rows.size(), all.size(), "every row taken");
        } finally {
            two.shutdown();
        }
    }

    static List<String> messageIds(List<InboxStore.Entry> entries) {
        return entries.stream().map(InboxStore.Entry::messageId).toList();
    }

    static List<String> deliveryIds(List<OutboxStore.Pending> pending) {
        return pending.stream().map(OutboxStore.Pending::messageId).toList();
    }
}
