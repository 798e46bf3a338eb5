package io.github.segment2cs.deliver;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * Bounds the deliveries that were sent and whose outcome is not yet committed to
 * DELIVERY_MAX_CONNECTIONS, the bound a crash or a database outage repeats at most. A delivery takes
 * a place before it is sent. An outcome written at once gives it back when the exchange ends; a
 * delivered one, committed later together with others ({@link DeliveryOutcome#delivered}), takes the
 * place over and gives it back after its commit. So the delivery threads need not wait for each
 * commit, and still no more is sent unrecorded than when they did.
 */
public class UnrecordedDeliveries {

    static final String PLACE = "s2csDeliveryPlace";

    /** How long a delivery without a place waits before it commits the waiting outcomes itself. */
    static final long WAIT_MILLIS = 100;

    /** The span over which {@link #heldBackHere} judges how busy the places were. */
    static final long SPAN_NANOS = 1_000_000_000L;
    /** Below this share of their time spent on requests, the places were kept waiting here. */
    static final double BUSY_SHARE = 0.5;

    private final Semaphore places;
    private final int placeCount;
    private final Runnable commitOutcomes;
    private final LongSupplier nanoTime;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong sendingNanos = new AtomicLong();
    private long spanStart;
    private boolean lastSpanIdleMostly;
    private boolean heldBackHere;

    /** {@code commitOutcomes} commits the outcomes waiting for their commit, and gives their places back. */
    public UnrecordedDeliveries(int places, Runnable commitOutcomes) {
        this(places, commitOutcomes, System::nanoTime);
    }

    UnrecordedDeliveries(int places, Runnable commitOutcomes, LongSupplier nanoTime) {
        this.places = new Semaphore(places);
        this.placeCount = places;
        this.commitOutcomes = commitOutcomes;
        this.nanoTime = nanoTime;
        this.spanStart = nanoTime.getAsLong();
    }

    /** A taken place: held by its exchange, then handed over to an outcome's commit, then given back. */
    private final class Place {
        static final int HELD = 0;
        static final int HANDED_OVER = 1;
        static final int GIVEN_BACK = 2;

        final AtomicInteger state = new AtomicInteger(HELD);
        final long takenAt = nanoTime.getAsLong();

        /** Gives the place back if it was in state {@code from}; false if it was not. */
        boolean giveBack(int from) {
            if (state.compareAndSet(from, GIVEN_BACK)) {
                places.release();
                return true;
            }
            return false;
        }

        /** The request has its outcome: the place was busy with it since it was taken. */
        void answered() {
            sent.incrementAndGet();
            sendingNanos.addAndGet(nanoTime.getAsLong() - takenAt);
        }
    }

    /**
     * Waits for a place; the exchange holds it until it ends, unless {@link #handOver} takes it. The
     * committer gives places back within milliseconds, after gathering the outcomes into one
     * commit; a delivery that has waited {@link #WAIT_MILLIS} for one commits the waiting outcomes
     * itself, so it never depends on the committer thread alone. False when the thread was
     * interrupted (the service is stopping): the delivery is then not sent.
     */
    public boolean enter(Exchange exchange) {
        try {
            boolean placed = places.tryAcquire(WAIT_MILLIS, TimeUnit.MILLISECONDS);
            while (!placed) {
                commitOutcomes.run();
                placed = places.tryAcquire(WAIT_MILLIS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        Place place = new Place();
        exchange.setProperty(PLACE, place);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange ended) {
                if (place.giveBack(Place.HELD)) {
                    place.answered(); // ended with its outcome written, or without one
                }
            }

            @Override
            public boolean allowHandover() {
                return false;
            }
        });
        return true;
    }

    /**
     * Takes the exchange's place from it; the returned action gives it back, once the outcome is
     * committed or has failed. Without a place (an exchange that did not enter) it does nothing.
     */
    public Runnable handOver(Exchange exchange) {
        Place place = exchange.getProperty(PLACE, Place.class);
        if (place == null || !place.state.compareAndSet(Place.HELD, Place.HANDED_OVER)) {
            return () -> { };
        }
        place.answered();
        return () -> place.giveBack(Place.HANDED_OVER);
    }

    /**
     * Whether, over each of the last two whole seconds, deliveries were sent and yet the places
     * spent less than half of their time on them, from taking a place to the request's outcome
     * (DELIVERY_MAX_RATE's wait included): then delivery was held back by the work around each
     * request here (claims, the commits that give places back), which competes with routing for the
     * cores and the database, not by ClientSuccess or the rate limit. Two seconds, because the second
     * in which deliveries begin looks idle until they do. Asked by {@code RoutingPace}.
     */
    public synchronized boolean heldBackHere() {
        long now = nanoTime.getAsLong();
        long span = now - spanStart;
        if (span >= SPAN_NANOS) {
            long requests = sent.getAndSet(0);
            long busy = sendingNanos.getAndSet(0);
            boolean idleMostly = requests > 0 && busy < BUSY_SHARE * placeCount * span;
            heldBackHere = idleMostly && lastSpanIdleMostly;
            lastSpanIdleMostly = idleMostly;
            spanStart = now;
        }
        return heldBackHere;
    }

    /** Places free now. */
    int available() {
        return places.availablePermits();
    }
}
