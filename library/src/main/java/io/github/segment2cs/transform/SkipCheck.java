package io.github.segment2cs.transform;

import io.github.segment2cs.segment.Headers;
import io.github.segment2cs.segment.Integrations;
import io.github.segment2cs.segment.SegmentMessage;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Marks messages this destination must not act on: opted out in {@code integrations}, or no userId. */
public class SkipCheck implements Processor {

    public static final String OPTED_OUT = "opted out in integrations";
    public static final String NO_USER_ID = "no userId (ClientSuccess ignores anonymous events)";

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) {
        SegmentMessage message = new SegmentMessage(exchange.getIn().getBody(Map.class));
        if (Integrations.optedOut(message)) {
            exchange.getIn().setHeader(Headers.SKIP_REASON, OPTED_OUT);
        } else if (message.userId() == null) {
            exchange.getIn().setHeader(Headers.SKIP_REASON, NO_USER_ID);
        }
    }
}
