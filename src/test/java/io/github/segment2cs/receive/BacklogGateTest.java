package io.github.segment2cs.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.segment2cs.process.IntakePace;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

class BacklogGateTest {

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    /** How many messages wait to be routed, as the inbox would say. */
    final AtomicLong backlog = new AtomicLong();
    final AtomicInteger reads = new AtomicInteger();

    BacklogGate gate(long maxBacklog, Duration maxWait) {
        return gate(maxBacklog, maxWait, 32);
    }

    BacklogGate gate(long maxBacklog, Duration maxWait, int places) {
        return new BacklogGate(mark -> {
            reads.incrementAndGet();
            return backlog.get() >= mark;
        }, meters, maxBacklog, maxWait, places);
    }

    @Test
    void underTheMarkARequestGoesOnAtOnce() {
        backlog.set(999);
        long start = System.nanoTime();
        gate(1000, Duration.ofSeconds(10)).process(ParsingBudgetTest.exchange());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(1).toNanos());
        assertEquals(0, paced("waited"));
    }

    @Test
    void atTheMarkARequestWaitsUntilRoutingHasCaughtUp() throws Exception {
        backlog.set(1000);
        BacklogGate gate = gate(1000, Duration.ofSeconds(10));
        CompletableFuture<Void> request = CompletableFuture.runAsync(() -> gate.process(ParsingBudgetTest.exchange()));

        Thread.sleep(300);
        assertTrue(!request.isDone(), "the request went on while the backlog was at the mark");
        backlog.set(900);
        request.get(2, TimeUnit.SECONDS);
        assertEquals(1, paced("waited"));
        assertEquals(0, paced("refused"));
    }

    @Test
    void aBacklogThatDoesNotShrinkWithinTheWaitGetsA503ThatNamesTheSetting() {
        backlog.set(5000);
        RequestRejected behind = assertThrows(RequestRejected.class,
                () -> gate(1000, Duration.ofMillis(200)).process(ParsingBudgetTest.exchange()));
        assertEquals(503, behind.status());
        assertTrue(behind.getMessage().contains("INTAKE_MAX_BACKLOG"), behind.getMessage());
        assertEquals(1, paced("refused"));
    }

    @Test
    void aRequestThatFindsEveryPlaceToWaitTakenGetsA503AtOnce() throws Exception {
        backlog.set(1000);
        BacklogGate gate = gate(1000, Duration.ofSeconds(10), 1);
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> gate.process(ParsingBudgetTest.exchange()));
        Thread.sleep(200);

        long start = System.nanoTime();
        RequestRejected behind = assertThrows(RequestRejected.class, () -> gate.process(ParsingBudgetTest.exchange()));
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos(), "it waited for a place");
        assertEquals(503, behind.status());
        assertTrue(behind.getMessage().contains("wait already"), behind.getMessage());

        backlog.set(0);
        waiting.get(2, TimeUnit.SECONDS);
        gate.process(ParsingBudgetTest.exchange());
    }

    @Test
    void requestsInQuickSuccessionReadTheBacklogOncePerCheckBetweenThem() {
        backlog.set(10);
        BacklogGate gate = gate(1000, Duration.ofSeconds(10));
        Exchange exchange = ParsingBudgetTest.exchange();
        long start = System.nanoTime();
        for (int i = 0; i < 100_000; i++) {
            gate.process(exchange);
        }
        long checks = (System.nanoTime() - start) / IntakePace.CHECK.toNanos();
        assertTrue(reads.get() <= checks + 1, reads.get() + " reads of the backlog in " + checks + " checks' time");
    }

    @Test
    void aMarkOfZeroTurnsThePacingOff() {
        backlog.set(1_000_000);
        gate(0, Duration.ofMillis(1)).process(ParsingBudgetTest.exchange());
        assertEquals(0, reads.get());
    }

    double paced(String outcome) {
        return meters.get(IntakePace.METER).tag("outcome", outcome).counter().count();
    }
}
