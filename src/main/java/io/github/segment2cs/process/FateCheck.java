package io.github.segment2cs.process;

import io.github.segment2cs.metrics.EventCounters;
import io.github.segment2cs.segment.LogSafe;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.jboss.logging.Logger;

/**
 * Makes sure every routed message gets a fate, whatever the routes do: when the message's exchange
 * ends (the end of its unit of work, which Camel reaches also after a {@code stop}, a
 * {@code filter} that dropped it or a {@code choice} without a matching branch), its fate is handed
 * on, so that its caller can acknowledge it. A message no step gave a fate to is counted as skipped,
 * with the step where it ended as the reason. Acknowledgement therefore never depends on the rest of
 * a route running. An exchange that ends failed is not handed on: its caller tries it again.
 */
@ApplicationScoped
public class FateCheck {

    /** The counter's reason for messages the routes ended without a fate. */
    public static final String NO_FATE = "route ended without a fate";

    private static final Logger LOG = Logger.getLogger(FateCheck.class);

    private final EventCounters counters;
    /** Where messages ended without a fate, each logged at WARN once: an edit may do it on purpose. */
    private final Set<String> placesLogged = ConcurrentHashMap.newKeySet();

    public FateCheck(EventCounters counters) {
        this.counters = counters;
    }

    /** From here on, the exchange carries one message; {@code then} receives its fate when the exchange ends. */
    public void watch(Exchange exchange, Consumer<MessageFate> then) {
        exchange.removeProperty(MessageFate.PROPERTY);
        exchange.removeProperty(StepTracker.PROPERTY);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onComplete(Exchange ended) {
                then.accept(fateOf(ended));
            }
        });
    }

    MessageFate fateOf(Exchange exchange) {
        MessageFate fate = MessageFate.of(exchange);
        if (fate != null) {
            return fate;
        }
        String where = StepTracker.lastStep(exchange);
        String reason = NO_FATE + " at " + (where == null ? "an unknown step" : where);
        counters.count(EventCounters.SKIPPED, NO_FATE);
        if (placesLogged.add(String.valueOf(where))) {
            LOG.warnf("Skipped a message: the %s (logged once for each place, then at DEBUG)", reason);
        } else if (LOG.isDebugEnabled()) {
            LOG.debugf("Skipped message %s: the %s", LogSafe.text(exchange.getIn().getHeader("messageId")), reason);
        }
        return new MessageFate(MessageFate.SKIPPED, reason);
    }
}
