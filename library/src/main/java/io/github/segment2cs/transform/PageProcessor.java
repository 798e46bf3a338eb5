package io.github.segment2cs.transform;

import io.github.segment2cs.segment.Headers;
import io.github.segment2cs.segment.SegmentMessage;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * page and screen: named by the configured template ({@code Pageview} / {@code Screenview} by
 * default), then allow-listed and renamed like track events, into {@link Headers#EVENT_NAME}; value
 * ({@link Headers#EVENT_VALUE}) 1 unless {@code csValue} says.
 */
public class PageProcessor implements Processor {

    private final EventNames names;

    public PageProcessor(EventNames names) {
        this.names = names;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) {
        SegmentMessage message = new SegmentMessage(exchange.getIn().getBody(Map.class));
        String segmentName = names.pageName(message.type(), message.name(), message.category());
        names.clientSuccessName(segmentName).ifPresentOrElse(
                eventName -> UsageEvent.setHeaders(exchange.getIn(), eventName,
                        UsageEvent.value(message, "csValue")),
                () -> exchange.getIn().setHeader(Headers.SKIP_REASON, TrackProcessor.NOT_ALLOWED));
    }
}
