package io.github.segment2cs.transform;

import io.github.segment2cs.segment.Headers;
import io.github.segment2cs.segment.SegmentMessage;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * track: the event name (after the allow-list and rename map) becomes {@link Headers#EVENT_NAME},
 * and {@code properties.csValue}, else {@code properties.value}, else 1 {@link Headers#EVENT_VALUE}.
 */
public class TrackProcessor implements Processor {

    public static final String NOT_ALLOWED = "event not in the allow-list";

    private final EventNames names;

    public TrackProcessor(EventNames names) {
        this.names = names;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) {
        SegmentMessage message = new SegmentMessage(exchange.getIn().getBody(Map.class));
        names.clientSuccessName(message.event()).ifPresentOrElse(
                eventName -> UsageEvent.setHeaders(exchange.getIn(), eventName,
                        UsageEvent.value(message, "csValue", "value")),
                () -> exchange.getIn().setHeader(Headers.SKIP_REASON, NOT_ALLOWED));
    }
}
