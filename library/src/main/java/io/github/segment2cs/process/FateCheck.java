package io.github.segment2cs.process;

import io.github.segment2cs.metrics.EventCounters;
import io.github.segment2cs.segment.LogSafe;
import io.github.segment2cs.store.StateUnavailable;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure every routed message gets a fate, whatever the routes do: when the message's exchange
 * ends (the end of its unit of work, which Camel reaches also after a {@code stop}, a
 * {@code filter} that dropped it or a {@code choice} without a matching branch), its fate is handed
 * on, so that its caller can acknowledge it. A message no step gave a fate to is counted as skipped,
 * with the step where it ended as the reason. Acknowledgement therefore never depends on the rest of
 * a route running. An exchange that ends failed is not handed on: its caller tries it again.
 */
public class FateCheck {

    /** The counter's reason for messages the routes ended without a fate. */
    public static final String NO_FATE = "route ended without a fate";

    private static final Logger LOG = LoggerFactory.getLogger(FateCheck.class);

    private final EventCounters counters;
    /** Where messages ended without a fate, each logged at WARN once: an edit may do it on purpose. */
    private final Set<String> placesLogged = ConcurrentHashMap.newKeySet();

    public FateCheck(EventCounters counters) {
        this.counters = counters;
    }

    /**
     * From here on, the exchange carries one message; {@code then} receives the exchange and the
     * message's fate when the exchange ends. A fate already on the exchange (copied from whatever
     * it came from) is not this message's.
     */
    public void watch(Exchange exchange, BiConsumer<Exchange, MessageFate> then) {
        MessageFate before = MessageFate.of(exchange);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onComplete(Exchange ended) {
                MessageFate fate = MessageFate.of(ended);
                then.accept(ended, fate == null || fate == before ? noFate(ended) : fate);
            }

            /** Never moved to a copy (a seda: send, a poll enricher): the message ends with this exchange. */
            @Override
            public boolean allowHandover() {
                return false;
            }
        });
    }

    /**
     * A message the routes ended without a fate: skipped, naming where; or left for a later attempt
     * when the database went away and an error handler of an edited route swallowed that.
     */
    MessageFate noFate(Exchange exchange) {
        for (Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class); cause != null;
                cause = cause.getCause()) {
            if (cause instanceof StateUnavailable) {
                return new MessageFate(MessageFate.LEFT, null);
            }
        }
        String where = StepTracker.lastStep(exchange);
        String reason = NO_FATE + " at " + (where == null ? "an unknown step" : where);
        counters.count(EventCounters.SKIPPED, NO_FATE);
        if (placesLogged.add(String.valueOf(where))) {
            LOG.warn("Skipped a message: the {} (logged once for each place, then at DEBUG)", reason);
        } else if (LOG.isDebugEnabled()) {
            LOG.debug("Skipped message {}: the {}", LogSafe.text(exchange.getIn().getHeader("messageId")), reason);
        }
        return new MessageFate(MessageFate.SKIPPED, reason);
    }
}
