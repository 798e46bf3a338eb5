package io.github.segment2cs.transform;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.segment2cs.segment.Headers;
import io.github.segment2cs.segment.SegmentMessage;
import io.github.segment2cs.store.InboxStore;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/** Turns a recorded message into the map the routes work on, with the router's headers. */
public class MessageReader implements Processor {

    private final ObjectMapper json;

    public MessageReader(ObjectMapper json) {
        this.json = json;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) throws Exception {
        InboxStore.Entry entry = exchange.getIn().getBody(InboxStore.Entry.class);
        Message in = exchange.getIn();
        in.setBody(json.readValue(entry.json(), Map.class));
        setRoutingHeaders(in);
    }

    /** Sets the type, user and message id headers from the message body. */
    @SuppressWarnings("unchecked")
    public static void setRoutingHeaders(Message in) {
        SegmentMessage message = new SegmentMessage(in.getBody(Map.class));
        in.setHeader(Headers.TYPE, message.type());
        in.setHeader(Headers.USER_ID, message.userId());
        in.setHeader(Headers.MESSAGE_ID, message.messageId());
    }
}
