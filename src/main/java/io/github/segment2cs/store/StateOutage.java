package io.github.segment2cs.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Logs a database outage once when it starts, once a minute while it lasts, and once when it ends,
 * instead of once per request and per poll: every route polls several times a second, so an outage
 * would otherwise flood the log with the same stack trace.
 */
@ApplicationScoped
public class StateOutage {

    private static final Logger LOG = Logger.getLogger(StateOutage.class);
    static final long REPORT_EVERY_MILLIS = 60_000;

    /** When the current outage began; 0 while the database is available. */
    private final AtomicLong since = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong lastReport = new AtomicLong();

    void failed(Exception failure) {
        long now = System.currentTimeMillis();
        failures.incrementAndGet();
        if (since.compareAndSet(0, now)) {
            lastReport.set(now);
            LOG.warnf("The state database is unavailable (%s): ingest answers 503 with Retry-After, processing and "
                    + "delivery pause and resume on their own once it is back; until then this is logged once a minute",
                    failure.getMessage());
        } else {
            long last = lastReport.get();
            if (now - last >= REPORT_EVERY_MILLIS && lastReport.compareAndSet(last, now)) {
                LOG.warnf("The state database is still unavailable after %d s (%d failed operations): %s",
                        (now - since.get()) / 1000, failures.get(), failure.getMessage());
            }
        }
    }

    void available() {
        long began = since.get();
        if (began != 0 && since.compareAndSet(began, 0)) {
            LOG.infof("The state database is available again after %d s (%d operations failed meanwhile)",
                    (System.currentTimeMillis() - began) / 1000, failures.getAndSet(0));
        }
    }

    /** Whether the last use of the database failed because it was unavailable. */
    public boolean ongoing() {
        return since.get() != 0;
    }
}
