package io.github.segment2cs.receive;

import io.github.segment2cs.store.InboxStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongPredicate;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Paces acceptance to routing. While {@code intake.max-backlog} accepted messages or more wait to
 * be routed, a request waits, before it is read, for routing to bring the backlog under that mark;
 * after {@code intake.max-wait} it gets a 503 with Retry-After, which Segment retries. Without the
 * gate, senders faster than routing took nearly all the CPU and the database: under batch load
 * routing fell to about an eighth of its pace alone (220 against 1,450-1,800 messages a second),
 * ClientSuccess received a few dozen events a second, and the inbox grew by thousands a second
 * (README, "Keeping up").
 */
@ApplicationScoped
@Named("backlogGate")
public class BacklogGate implements Processor {

    /** How often the backlog is read again (by one request at a time; the others use its figure). */
    static final Duration CHECK = Duration.ofMillis(50);

    /** HTTP worker threads never taken by waiting requests (see {@link #places}). */
    static final int SPARE_WORKERS = 8;

    /** Requests that had to wait for routing, and those refused (after waiting, or finding no place to). */
    static final String METER = "segment.clientsuccess.intake.paced";

    /** Whether at least the given number of messages wait to be routed. */
    private final LongPredicate backlogReaches;
    private final long maxBacklog;
    private final long maxWaitNanos;
    /**
     * Places for waiting requests: the HTTP worker threads but {@link #SPARE_WORKERS}. A waiting
     * request keeps its worker thread, and with 64 senders of batches all 64 waited here while the
     * health checks, the metrics and the operator API (served by the same threads) and further
     * requests waited for a thread, some past the senders' 10 s timeout. A request that finds no
     * place is answered 503 at once.
     */
    private final Semaphore places;
    private final Counter waited;
    private final Counter refused;
    private final ReentrantLock reading = new ReentrantLock();
    private volatile boolean behind;
    /**
     * How many reads found the backlog under the mark. A waiting request goes on at the first such
     * read after it began to wait, even if the next has found the backlog at the mark again: it
     * checks only every CHECK, and would otherwise miss short openings and wait on while requests
     * that came after it went on: under 16 senders of 100-message batches on H2 (wrk), p99 went
     * from 5.2 s to 3.0 and 3.7 s, and p50 from 1.2 to 1.4 s.
     */
    private volatile long openings;
    private volatile long readAt = System.nanoTime() - CHECK.toNanos();

    @Inject
    BacklogGate(InboxStore inbox, MeterRegistry meters, @ConfigProperty(name = "intake.max-backlog") long maxBacklog,
            @ConfigProperty(name = "intake.max-wait") Duration maxWait,
            @ConfigProperty(name = "quarkus.thread-pool.max-threads") int workerThreads) {
        this(inbox::pendingAtLeast, meters, maxBacklog, maxWait, Math.max(1, workerThreads - SPARE_WORKERS));
    }

    BacklogGate(LongPredicate backlogReaches, MeterRegistry meters, long maxBacklog, Duration maxWait, int places) {
        this.backlogReaches = backlogReaches;
        this.places = new Semaphore(places);
        this.maxBacklog = maxBacklog;
        this.maxWaitNanos = maxWait.toNanos();
        this.waited = Counter.builder(METER).tag("outcome", "waited").register(meters);
        this.refused = Counter.builder(METER).tag("outcome", "refused").register(meters);
    }

    @Override
    public void process(Exchange exchange) {
        long seen = openings;
        if (maxBacklog <= 0 || !behind()) {
            return;
        }
        if (!places.tryAcquire()) {
            throw refusal("as many requests as may wait for it wait already");
        }
        try {
            waited.increment();
            long until = System.nanoTime() + maxWaitNanos;
            while (System.nanoTime() - until < 0) {
                LockSupport.parkNanos(this, CHECK.toNanos());
                if (!behind() || openings != seen) {
                    return;
                }
            }
            throw refusal("routing did not catch up within INTAKE_MAX_WAIT");
        } finally {
            places.release();
        }
    }

    private RequestRejected refusal(String why) {
        refused.increment();
        return new RequestRejected(503, "the service is behind: " + maxBacklog + " or more accepted messages wait "
                + "to be routed (INTAKE_MAX_BACKLOG), and " + why + "; retry later");
    }

    /** Whether the backlog has reached the mark, as last read (read again once CHECK has passed). */
    private boolean behind() {
        long now = System.nanoTime();
        if (now - readAt >= CHECK.toNanos() && reading.tryLock()) {
            try {
                behind = backlogReaches.test(maxBacklog);
                if (!behind) {
                    openings++;
                }
                readAt = System.nanoTime();
            } finally {
                reading.unlock();
            }
        }
        return behind;
    }
}
