package io.github.segment2cs.store;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a database outage once when it starts, once a minute while it lasts, and once when it ends,
 * instead of once per request and per poll: every route polls several times a second, so an outage
 * would otherwise flood the log with the same stack trace.
 */
public class StateOutage {

    private static final Logger LOG = LoggerFactory.getLogger(StateOutage.class);
    static final long REPORT_EVERY_MILLIS = 60_000;

    /**
     * An outage ends after this long without a failure: while the pool still holds connections that
     * died with the database, successes and failures alternate for a moment.
     */
    static final long QUIET_MILLIS = 1_000;

    /** When the current outage began; 0 while the database is available. */
    private final AtomicLong since = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong lastFailure = new AtomicLong();
    private final AtomicLong lastReport = new AtomicLong();
    private final LongSupplier clock;

    public StateOutage() {
        this(System::currentTimeMillis);
    }

    StateOutage(LongSupplier clock) {
        this.clock = clock;
    }

    void failed(Exception failure) {
        long now = clock.getAsLong();
        failures.incrementAndGet();
        lastFailure.set(now);
        if (since.compareAndSet(0, now)) {
            lastReport.set(now);
            LOG.warn("The state database is unavailable ({}): ingest answers 503 with Retry-After, processing and "
                    + "delivery pause and resume on their own once it is back; until then this is logged once a minute",
                    failure.getMessage());
        } else {
            long last = lastReport.get();
            if (now - last >= REPORT_EVERY_MILLIS && lastReport.compareAndSet(last, now)) {
                LOG.warn("The state database is still unavailable after {} s ({} failed operations): {}",
                        (now - since.get()) / 1000, failures.get(), failure.getMessage());
            }
        }
    }

    void available() {
        long began = since.get();
        if (began == 0) {
            return;
        }
        long now = clock.getAsLong();
        if (now - lastFailure.get() >= QUIET_MILLIS && since.compareAndSet(began, 0)) {
            LOG.info("The state database is available again after {} s ({} operations failed meanwhile)",
                    (now - began) / 1000, failures.getAndSet(0));
        }
    }
}
