package io.github.segment2cs.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts what happens to every message on /q/metrics ({@code segment_clientsuccess_events_total}),
 * so that, per instance, accepted + replayed = applied + skipped + delivered + dead_lettered +
 * (held - released) + in flight. README.md lists every outcome and reason.
 */
public class EventCounters {

    public static final String METER = "segment.clientsuccess.events";

    /** Committed to the inbox. */
    public static final String ACCEPTED = "accepted";
    /** Put back in the inbox from the dead-letter store by an operator. */
    public static final String REPLAYED = "replayed";
    /** Not accepted: its messageId was seen within the de-duplication window. */
    public static final String DUPLICATE = "duplicate";
    /** Not accepted: an invalid message inside a batch. */
    public static final String REJECTED = "rejected";
    /** A whole request to a receiving endpoint was answered with an error. */
    public static final String REFUSED = "refused";
    /** identify, group or alias: applied to the stored profiles and memberships (reason: the type). */
    public static final String APPLIED = "applied";
    /** Deliberately not delivered (reason: why). */
    public static final String SKIPPED = "skipped";
    /** A usage event went into the hold-back. */
    public static final String HELD = "held";
    /** A held event left the hold-back (reason: how); held - released is what is held now. */
    public static final String RELEASED = "released";
    public static final String RELEASED_OVER_CAP = "over the cap";
    /** Put in the outbox. */
    public static final String QUEUED = "queued";
    /** ClientSuccess answered 2xx. */
    public static final String DELIVERED = "delivered";
    /** A transient failure, tried again later. */
    public static final String RETRIED = "retried";
    /** Parked in the dead-letter store. */
    public static final String DEAD_LETTERED = "dead_lettered";

    /** Traits written to ClientSuccess custom fields, by outcome (see {@link #countFields}). */
    public static final String FIELDS_METER = "segment.clientsuccess.custom.fields";

    private final MeterRegistry registry;

    /**
     * The counters already registered. Registering looks the meter up in the registry by name and
     * tags, and its builder was a tenth of what batch ingest allocated (JFR); a map look-up is not.
     */
    private final Map<Key, Counter> counters = new ConcurrentHashMap<>();

    private record Key(String outcome, String reason) {
    }

    public EventCounters(MeterRegistry registry) {
        this.registry = registry;
    }

    public void count(String outcome, String reason, double amount) {
        counters.computeIfAbsent(new Key(outcome, reason == null ? "" : reason), key -> Counter.builder(METER)
                .tag("outcome", key.outcome()).tag("reason", key.reason()).register(registry)).increment(amount);
    }

    public void count(String outcome, String reason) {
        count(outcome, reason, 1);
    }

    /** Traits of one sync: {@code written}, {@code unchanged}, {@code unmapped} or {@code unconvertible}. */
    public void countFields(String outcome, int amount) {
        if (amount > 0) {
            Counter.builder(FIELDS_METER).tag("outcome", outcome).register(registry).increment(amount);
        }
    }
}
