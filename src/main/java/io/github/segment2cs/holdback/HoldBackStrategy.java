package io.github.segment2cs.holdback;

import io.github.segment2cs.config.DestinationConfig;
import io.github.segment2cs.deadletter.DeadLetterParker;
import io.github.segment2cs.segment.Headers;
import io.github.segment2cs.segment.SegmentMessage;
import io.github.segment2cs.transform.OrganizationResolver;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;

/**
 * Collects a user's usage events while the user has no organization. The aggregate's body is the
 * list of held events, each {@code {"heldAt": epochMillis, "message": {...}}}, oldest first.
 *
 * <p>A control message (group, alias, operator, sweep) completes the aggregate. So does a usage
 * event whose organization is known by the time it gets here: the aggregator runs this under its
 * lock, so an event that raced its user's group call is released, never stranded.
 *
 * <p>What holding did to the incoming event is written to its {@link Report}, for
 * {@link HoldingCounter}: the aggregator may call this more than once for one event (optimistic
 * locking), so only its last, successful call may be counted.
 */
@ApplicationScoped
@Named("holdBackStrategy")
public class HoldBackStrategy implements AggregationStrategy {

    /** Property: true completes the aggregate (the route's completionPredicate). */
    public static final String RELEASE = "holdRelease";
    /** Property: why it completed: release, transfer, expire, timeout or force. */
    public static final String OUTCOME = "holdOutcome";
    /** Property: milliseconds until the oldest held event's window ends (the completion timeout). */
    public static final String TIMEOUT = "holdTimeoutMillis";
    /** Property: the incoming event's {@link Report}. */
    public static final String REPORT = "holdReport";
    static final String HELD_AT = "heldAt";
    static final String MESSAGE = "message";

    private final OrganizationResolver organizationResolver;
    private final DeadLetterParker deadLetters;
    private final long windowMillis;
    private final int cap;

    HoldBackStrategy(OrganizationResolver organizationResolver, DeadLetterParker deadLetters,
            DestinationConfig.Holdback config) {
        this.organizationResolver = organizationResolver;
        this.deadLetters = deadLetters;
        this.windowMillis = config.window().toMillis();
        this.cap = config.maxEventsPerUser();
    }

    @Override
    @SuppressWarnings("unchecked")
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        Exchange aggregate = oldExchange != null ? oldExchange : newExchange;
        if (oldExchange == null) {
            // A released event held again (after an alias) still carries its old group's completion.
            aggregate.removeProperty(RELEASE);
            aggregate.removeProperty(OUTCOME);
            aggregate.removeProperty(Headers.TRANSFER_TO);
        }
        Report report = newExchange.getProperty(REPORT, new Report(), Report.class);
        report.alreadyHeld = false;
        report.overflow = 0;
        List<Map<String, Object>> held = oldExchange != null
                ? new ArrayList<>(oldExchange.getIn().getBody(List.class))
                : new ArrayList<>();
        String control = newExchange.getIn().getHeader(Headers.HOLD_CONTROL, String.class);
        if (control != null) {
            complete(aggregate, control);
            aggregate.setProperty(Headers.TRANSFER_TO, newExchange.getIn().getHeader(Headers.TRANSFER_TO));
        } else {
            Map<String, Object> message = newExchange.getIn().getBody(Map.class);
            hold(held, message, newExchange.getIn().getHeader(Headers.HELD_AT, Long.class), report);
            if (organizationResolver.organizationFor(new SegmentMessage(message)).isPresent()) {
                complete(aggregate, "release");
            }
        }
        aggregate.getIn().setBody(held);
        long remaining = Math.max(1, oldestHeldAt(held) + windowMillis - System.currentTimeMillis());
        aggregate.setProperty(ExchangePropertyKey.AGGREGATED_TIMEOUT, remaining);
        newExchange.setProperty(TIMEOUT, remaining);
        return aggregate;
    }

    private void hold(List<Map<String, Object>> held, Map<String, Object> message, Long heldAt, Report report) {
        String messageId = new SegmentMessage(message).messageId();
        report.alreadyHeld = held.stream()
                .anyMatch(item -> messageId.equals(new SegmentMessage(messageOf(item)).messageId()));
        if (report.alreadyHeld) {
            return;
        }
        Map<String, Object> item = new LinkedHashMap<>();
        item.put(HELD_AT, heldAt != null ? heldAt : System.currentTimeMillis());
        item.put(MESSAGE, message);
        held.add(item);
        held.sort(Comparator.comparingLong(HoldBackStrategy::heldAt));
        while (held.size() > cap) {
            Map<String, Object> oldest = held.remove(0);
            report.overflow++;
            try {
                deadLetters.park(messageOf(oldest),
                        "over the cap of " + cap + " held events per user (oldest dropped first)");
            } catch (Exception e) {
                throw new IllegalStateException("Could not park an overflowing held event", e);
            }
        }
    }

    private static void complete(Exchange aggregate, String outcome) {
        aggregate.setProperty(RELEASE, true);
        aggregate.setProperty(OUTCOME, outcome);
    }

    static long oldestHeldAt(List<Map<String, Object>> held) {
        return held.isEmpty() ? System.currentTimeMillis() : heldAt(held.get(0));
    }

    static long heldAt(Map<String, Object> item) {
        return ((Number) item.get(HELD_AT)).longValue();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> messageOf(Map<String, Object> item) {
        return (Map<String, Object>) item.get(MESSAGE);
    }

    /**
     * What aggregating one incoming event did. The aggregator works on a copy of the event, which
     * shares this object with the original, so the route reads it after the aggregate step.
     */
    public static final class Report {
        volatile boolean alreadyHeld;
        volatile int overflow;
    }

    /** Whether a held event has been held for the whole window. */
    public boolean expired(Map<String, Object> item) {
        return heldAt(item) + windowMillis <= System.currentTimeMillis();
    }
}
