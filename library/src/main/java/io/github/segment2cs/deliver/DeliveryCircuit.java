package io.github.segment2cs.deliver;

import io.github.segment2cs.settings.Settings;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A circuit breaker over all deliveries, tripped by the Usage API's answers (DeliveryOutcome): after
 * a run of transient failures ClientSuccess is given a rest (no requests) instead of being hammered;
 * one success closes it again.
 */
public class DeliveryCircuit {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryCircuit.class);

    private final int threshold;
    private final long openMillis;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final AtomicLong openUntil = new AtomicLong();

    public DeliveryCircuit(Settings.Delivery config) {
        this.threshold = config.circuit().failureThreshold();
        this.openMillis = config.circuit().openDuration().toMillis();
    }

    public boolean allowsRequests() {
        return System.currentTimeMillis() >= openUntil.get();
    }

    public void succeeded() {
        consecutiveFailures.set(0);
    }

    public void failedTransiently() {
        if (consecutiveFailures.incrementAndGet() >= threshold) {
            consecutiveFailures.set(0);
            openUntil.set(System.currentTimeMillis() + openMillis);
            LOG.warn("ClientSuccess failed {} times in a row: pausing deliveries for {} ms", threshold, openMillis);
        }
    }

    /** Also pause when the remote asked for it (Retry-After on a 429 or 503). */
    public void pauseUntil(long epochMillis) {
        openUntil.accumulateAndGet(epochMillis, Math::max);
    }
}
