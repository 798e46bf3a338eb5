package io.github.segment2cs.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/**
 * Counts what happens to every message, so that accepted = delivered + skipped + held +
 * dead-lettered (+ in flight) can be checked on /q/metrics ({@code segment_clientsuccess_events_total}).
 */
@ApplicationScoped
@Named("eventCounters")
public class EventCounters {

    public static final String METER = "segment.clientsuccess.events";

    private final MeterRegistry registry;

    EventCounters(MeterRegistry registry) {
        this.registry = registry;
    }

    public void count(String outcome, String reason, double amount) {
        Counter.builder(METER).tag("outcome", outcome).tag("reason", reason == null ? "" : reason)
                .register(registry).increment(amount);
    }

    public void count(String outcome, String reason) {
        count(outcome, reason, 1);
    }
}
