package io.github.segment2cs.holdback;

import io.github.segment2cs.metrics.EventCounters;
import io.github.segment2cs.process.MessageFate;
import io.github.segment2cs.segment.Headers;
import org.apache.camel.Exchange;

/**
 * Counts what holding did to a usage event, around the aggregator: held, or skipped because its
 * messageId was already held; and the older events it pushed over the per-user cap, which left the
 * hold for the dead-letter store. Control messages and re-held events (their aggregate timed out
 * but their own window is still open) change no count.
 */
public class HoldingCounter {

    static final String ALREADY_HELD = "messageId already held";

    private final EventCounters counters;

    public HoldingCounter(EventCounters counters) {
        this.counters = counters;
    }

    /** Before the aggregator: gives the event the report the aggregation strategy fills in. */
    public void expect(Exchange exchange) {
        exchange.setProperty(HoldBackStrategy.REPORT, new HoldBackStrategy.Report());
    }

    /** After the aggregator: counts what the report says. */
    public void count(Exchange exchange) {
        HoldBackStrategy.Report report = exchange.getProperty(HoldBackStrategy.REPORT, HoldBackStrategy.Report.class);
        exchange.removeProperty(HoldBackStrategy.REPORT);
        if (report == null || exchange.getIn().getHeader(Headers.HOLD_CONTROL) != null) {
            return;
        }
        // A re-held event was counted when it was first held.
        boolean counted = !HeldEventUnwrapper.REHOLD.equals(exchange.getIn().getHeader(Headers.HOLD_DISPOSITION));
        if (report.alreadyHeld) {
            if (counted) {
                counters.count(EventCounters.SKIPPED, ALREADY_HELD);
            }
            MessageFate.set(exchange, MessageFate.SKIPPED, ALREADY_HELD);
        } else {
            if (counted) {
                counters.count(EventCounters.HELD, "");
            }
            MessageFate.set(exchange, MessageFate.HELD);
        }
        if (report.overflow > 0) {
            counters.count(EventCounters.RELEASED, EventCounters.RELEASED_OVER_CAP, report.overflow);
        }
    }
}
