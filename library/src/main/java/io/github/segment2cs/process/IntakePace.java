package io.github.segment2cs.process;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongPredicate;

/**
 * Paces acceptance to routing. While a mark of accepted messages or more wait to be routed, what
 * would record another waits for routing to bring the backlog under the mark, for at most a given
 * time; then it is refused, unrecorded, and its sender retries later. Without it, senders faster
 * than routing took nearly all the CPU and the database: under batch load routing fell to about an
 * eighth of its pace alone, and the inbox grew by thousands a second (README, "Keeping up"). The
 * service's receiving endpoints (BacklogGate, answering 503) and the segment-to-clientsuccess-sink
 * Kamelet ({@code MessageIntake}, throwing to the host) both wait here.
 */
public class IntakePace {

    /** How often the backlog is read again (by one caller at a time; the others use its figure). */
    public static final Duration CHECK = Duration.ofMillis(50);

    /** Callers that had to wait for routing, and those refused ({@code segment_clientsuccess_intake_paced_total}). */
    public static final String METER = "segment.clientsuccess.intake.paced";

    /** Whether at least the given number of messages wait to be routed. */
    private final LongPredicate backlogReaches;
    private final long maxBacklog;
    private final long maxWaitNanos;
    private final Counter waited;
    private final Counter refused;
    private final ReentrantLock reading = new ReentrantLock();
    private volatile boolean behind;
    /**
     * How many reads found the backlog under the mark. A waiting caller goes on at the first such
     * read after it began to wait, even if the next has found the backlog at the mark again: it
     * checks only every CHECK, and would otherwise miss short openings and wait on while callers
     * that came after it went on: under 16 senders of 100-message batches on H2 (wrk), p99 went
     * from 5.2 s to 3.0 and 3.7 s, and p50 from 1.2 to 1.4 s.
     */
    private volatile long openings;
    private volatile long readAt = System.nanoTime() - CHECK.toNanos();

    /** A {@code maxBacklog} of 0 (or less) turns the pacing off; a {@code maxWait} of 0 refuses at once. */
    public IntakePace(LongPredicate backlogReaches, MeterRegistry meters, long maxBacklog, Duration maxWait) {
        this.backlogReaches = backlogReaches;
        this.maxBacklog = maxBacklog;
        this.maxWaitNanos = maxWait.toNanos();
        this.waited = Counter.builder(METER).tag("outcome", "waited").register(meters);
        this.refused = Counter.builder(METER).tag("outcome", "refused").register(meters);
    }

    public long maxBacklog() {
        return maxBacklog;
    }

    /** What {@link #awaitRouting} needs to know of the openings seen when the caller came. */
    public long openings() {
        return openings;
    }

    /** Whether the backlog has reached the mark, as last read (read again once CHECK has passed). */
    public boolean behind() {
        if (maxBacklog <= 0) {
            return false;
        }
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

    /**
     * Waits for routing to bring the backlog under the mark, or for an opening after {@code seen}
     * (from {@link #openings} as the caller came), for at most the wait; false, and counted as
     * refused, when routing did not catch up within it.
     */
    public boolean awaitRouting(long seen) {
        waited.increment();
        long until = System.nanoTime() + maxWaitNanos;
        while (System.nanoTime() - until < 0) {
            LockSupport.parkNanos(this, Math.min(CHECK.toNanos(), until - System.nanoTime()));
            if (!behind() || openings != seen) {
                return true;
            }
        }
        refused.increment();
        return false;
    }

    /** Counts a caller refused without waiting (when it could not). */
    public void refusedAtOnce() {
        refused.increment();
    }
}
