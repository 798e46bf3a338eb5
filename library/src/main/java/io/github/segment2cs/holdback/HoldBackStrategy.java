package io.github.segment2cs.holdback;

import io.github.segment2cs.segment.Headers;
import io.github.segment2cs.segment.SegmentMessage;
import io.github.segment2cs.settings.Settings;
import io.github.segment2cs.transform.OrganizationResolver;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Collects a user's usage events while the user has no organization. Each aggregation step adds at
 * most one event: the aggregate's body is the list of events this step adds, each
 * {@code {"heldAt": epochMillis, "message": {...}}}; {@link HeldEventRepository} stores them as rows
 * and keeps the user's count and oldest event, so holding one more costs the same however many
 * are held.
 *
 * <p>A control message (group, alias, operator, sweep) completes the aggregate. So does a usage
 * event whose organization is known by the time it gets here: the aggregator runs this under its
 * lock, so an event that raced its user's group call is released, never stranded.
 *
 * <p>What holding did to the incoming event is written to its {@link Report}, for
 * {@link HoldingCounter}: the aggregator may call this more than once for one event (optimistic
 * locking), so only its last, successful store may be counted.
 */
public class HoldBackStrategy implements AggregationStrategy {

    /** Property: true completes the aggregate (the route's completionPredicate). */
    public static final String RELEASE = "holdRelease";
    /** Property: why it completed, a {@link HoldCommand}'s value. */
    public static final String OUTCOME = "holdOutcome";
    /** Property: the incoming event's {@link Report}. */
    public static final String REPORT = "holdReport";
    static final String HELD_AT = "heldAt";
    static final String MESSAGE = "message";

    private final OrganizationResolver organizationResolver;
    private final long windowMillis;

    public HoldBackStrategy(OrganizationResolver organizationResolver, Settings.Holdback config) {
        this.organizationResolver = organizationResolver;
        this.windowMillis = config.window().toMillis();
    }

    @Override
    @SuppressWarnings("unchecked")
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        Exchange aggregate = oldExchange != null ? oldExchange : newExchange;
        if (oldExchange == null) {
            // A released event held again (after an alias or a timeout) still carries its old group's state.
            for (String property : new String[] { RELEASE, OUTCOME, Headers.TRANSFER_TO, HeldEventRepository.VERSION,
                    HeldEventRepository.COUNT }) {
                aggregate.removeProperty(property);
            }
        }
        Report report = newExchange.getProperty(REPORT, new Report(), Report.class);
        report.alreadyHeld = false;
        report.overflow = 0;
        aggregate.setProperty(REPORT, report);
        List<Map<String, Object>> adding = new ArrayList<>();
        HoldCommand control = HoldCommand.of(newExchange.getIn().getHeader(Headers.HOLD_CONTROL));
        if (control != null) {
            complete(aggregate, control);
            aggregate.setProperty(Headers.TRANSFER_TO, newExchange.getIn().getHeader(Headers.TRANSFER_TO));
        } else {
            Map<String, Object> message = newExchange.getIn().getBody(Map.class);
            Long heldAt = newExchange.getIn().getHeader(Headers.HELD_AT, Long.class);
            adding.add(item(message, heldAt != null ? heldAt : System.currentTimeMillis()));
            if (organizationResolver.organizationFor(new SegmentMessage(message)).isPresent()) {
                complete(aggregate, HoldCommand.RELEASE);
            }
        }
        aggregate.getIn().setBody(adding);
        return aggregate;
    }

    private static void complete(Exchange aggregate, HoldCommand outcome) {
        aggregate.setProperty(RELEASE, true);
        aggregate.setProperty(OUTCOME, outcome.value());
    }

    static Map<String, Object> item(Map<String, Object> message, long heldAt) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put(HELD_AT, heldAt);
        item.put(MESSAGE, message);
        return item;
    }

    static long heldAt(Map<String, Object> item) {
        return ((Number) item.get(HELD_AT)).longValue();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> messageOf(Map<String, Object> item) {
        return (Map<String, Object>) item.get(MESSAGE);
    }

    /**
     * What storing one incoming event did, filled in by {@link HeldEventRepository} once it has
     * committed. The aggregator works on a copy of the event, which shares this object with the
     * original, so the route reads it after the aggregate step.
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
