package io.github.segment2cs.holdback;

import io.github.segment2cs.metrics.EventCounters;
import io.github.segment2cs.segment.Headers;
import io.github.segment2cs.transform.MessageReader;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Turns one event of a completed hold-back aggregate into its message again and says what becomes
 * of it ({@link Headers#HOLD_DISPOSITION}): {@code deliver} (re-routed; for an alias, as the new
 * user), {@code rehold} (timed out aggregate, but this event's own window is still open) or
 * {@code expire} (to the dead-letter store with {@link Headers#DEAD_LETTER_REASON}). Every event
 * that leaves the hold is counted as released, with how it left; a re-held one never left.
 *
 * <p>The event continues without the aggregate's properties: carried along, a completed group's
 * {@code holdRelease} would complete the group it is held in next at once, and so for ever.
 */
public class HeldEventUnwrapper implements Processor {

    /** What becomes of a released event ({@link Headers#HOLD_DISPOSITION}), as holdback.yaml reads it. */
    public static final String DELIVER = "deliver";
    public static final String REHOLD = "rehold";
    public static final String EXPIRE = "expire";

    public static final String WINDOW_CLOSED = "no group call within the hold window";
    public static final String EXPIRED_BY_OPERATOR = "expired by an operator";

    private final HoldBackStrategy strategy;
    private final EventCounters counters;

    public HeldEventUnwrapper(HoldBackStrategy strategy, EventCounters counters) {
        this.strategy = strategy;
        this.counters = counters;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) {
        Map<String, Object> item = exchange.getIn().getBody(Map.class);
        Map<String, Object> message = HoldBackStrategy.messageOf(item);
        HoldCommand outcome = HoldCommand.of(exchange.getProperty(HoldBackStrategy.OUTCOME));
        // "timeout" is also the aggregator's own word for a completion by its timeout, which releases
        // stored before the sweeper alone ended windows may carry.
        boolean timedOut = outcome == HoldCommand.TIMEOUT || HoldCommand.TIMEOUT.value()
                .equals(exchange.getProperty(ExchangePropertyKey.AGGREGATED_COMPLETED_BY));
        String transferTo = exchange.getProperty(Headers.TRANSFER_TO, String.class);
        if (transferTo != null) {
            message.put("userId", transferTo);
        }
        for (String property : new String[] { HoldBackStrategy.RELEASE, HoldBackStrategy.OUTCOME,
                HoldBackStrategy.REPORT, Headers.TRANSFER_TO }) {
            exchange.removeProperty(property);
        }

        Message in = exchange.getIn();
        in.removeHeaders("*");
        in.setBody(message);
        MessageReader.setRoutingHeaders(in);
        in.setHeader(Headers.HELD_AT, HoldBackStrategy.heldAt(item));
        if (outcome == HoldCommand.EXPIRE) {
            expire(in, EXPIRED_BY_OPERATOR);
            counters.count(EventCounters.RELEASED, "expired by an operator");
        } else if (timedOut && strategy.expired(item)) {
            expire(in, WINDOW_CLOSED);
            counters.count(EventCounters.RELEASED, "hold window closed");
        } else if (timedOut) {
            in.setHeader(Headers.HOLD_DISPOSITION, REHOLD);
        } else {
            in.setHeader(Headers.HOLD_DISPOSITION, DELIVER);
            in.setHeader(Headers.FORCE_DELIVERY, outcome == HoldCommand.FORCE);
            counters.count(EventCounters.RELEASED, releasedBy(outcome));
        }
    }

    private static String releasedBy(HoldCommand outcome) {
        if (outcome == HoldCommand.TRANSFER) {
            return "alias";
        }
        return outcome == HoldCommand.FORCE ? "released by an operator" : "group call";
    }

    private static void expire(Message in, String reason) {
        in.setHeader(Headers.HOLD_DISPOSITION, EXPIRE);
        in.setHeader(Headers.DEAD_LETTER_REASON, reason);
    }
}
