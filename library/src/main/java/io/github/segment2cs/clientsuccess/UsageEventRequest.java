package io.github.segment2cs.clientsuccess;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Turns a usage event ({@code {identity, value, timestamp}} as JSON text or a map, checked by
 * {@link UsageApi#eventJson}) with its name in {@link UsageApi#EVENT_HEADER} into the Usage API
 * call: the name as one encoded path segment, the body as JSON. Camel's HTTP headers the caller's exchange may carry from elsewhere (a URI, a query,
 * a method) are removed, so they cannot redirect the call.
 */
public class UsageEventRequest implements Processor {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void process(Exchange exchange) throws IOException {
        Message in = exchange.getIn();
        String eventName = in.getHeader(UsageApi.EVENT_HEADER, String.class);
        UsageApi.checkEventName(eventName);
        String event = UsageApi.eventJson(JSON, in.getBody());
        in.removeHeaders("CamelHttp*");
        in.setHeader(Exchange.HTTP_PATH, UsageApi.encode(eventName));
        in.setHeader(Exchange.CONTENT_TYPE, "application/json");
        in.setBody(event);
    }
}
