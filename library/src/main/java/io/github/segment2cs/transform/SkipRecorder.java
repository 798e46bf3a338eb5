package io.github.segment2cs.transform;

import io.github.segment2cs.metrics.EventCounters;
import io.github.segment2cs.process.MessageFate;
import io.github.segment2cs.segment.Headers;
import io.github.segment2cs.segment.LogSafe;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Records a deliberately skipped message: counted by reason, logged at debug. */
public class SkipRecorder implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(SkipRecorder.class);

    private final EventCounters counters;

    public SkipRecorder(EventCounters counters) {
        this.counters = counters;
    }

    @Override
    public void process(Exchange exchange) {
        String reason = exchange.getIn().getHeader(Headers.SKIP_REASON, String.class);
        counters.count(EventCounters.SKIPPED, reason);
        MessageFate.set(exchange, MessageFate.SKIPPED, reason);
        // Checked first: the escaping would otherwise run for every skipped message, logged or not.
        if (LOG.isDebugEnabled()) {
            LOG.debug("Skipped {} message {}: {}", LogSafe.text(exchange.getIn().getHeader(Headers.TYPE)),
                    LogSafe.text(exchange.getIn().getHeader(Headers.MESSAGE_ID)), LogSafe.text(reason));
        }
    }
}
