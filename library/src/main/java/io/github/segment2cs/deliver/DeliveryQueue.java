package io.github.segment2cs.deliver;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.segment2cs.clientsuccess.UsageApi;
import io.github.segment2cs.metrics.EventCounters;
import io.github.segment2cs.process.ClaimBatch;
import io.github.segment2cs.process.MessageFate;
import io.github.segment2cs.segment.Headers;
import io.github.segment2cs.segment.SegmentMessage;
import io.github.segment2cs.settings.Settings;
import io.github.segment2cs.store.OutboxStore;
import io.github.segment2cs.transform.ClientSuccessEventBuilder;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Puts the ClientSuccess event on the durable delivery queue (the outbox): the body as the routes
 * left it (a JSON object: a map, or its text), under the event name {@link Headers#EVENT_NAME}.
 */
public class DeliveryQueue implements Processor {

    private final OutboxStore outbox;
    private final EventCounters counters;
    private final ObjectMapper json;
    private final long dedupWindowMillis;

    public DeliveryQueue(OutboxStore outbox, EventCounters counters, ObjectMapper json, Settings.Deduplication segment) {
        this.outbox = outbox;
        this.counters = counters;
        this.json = json;
        this.dedupWindowMillis = segment.dedupWindow().toMillis();
    }

    /** Queues the event with the rest of its inbox claim when routing one, else at once. */
    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) throws Exception {
        String eventName = exchange.getIn().getHeader(Headers.EVENT_NAME, String.class);
        UsageApi.checkEventName(eventName);
        Map<String, Object> fields = exchange.getProperty(ClientSuccessEventBuilder.SEGMENT_MESSAGE, Map.class);
        if (fields == null) {
            throw new IllegalStateException("no Segment message to queue: clientSuccessEventBuilder must run first");
        }
        SegmentMessage message = new SegmentMessage(fields);
        queue(exchange, new OutboxStore.Outgoing(message.messageId(), message.userId(), eventName,
                UsageApi.eventJson(json, exchange.getIn().getBody()), json.writeValueAsString(fields)));
        MessageFate.set(exchange, MessageFate.QUEUED);
    }

    /** Queues {@code event} with the rest of its inbox claim when routing one, else at once. */
    public void queue(Exchange exchange, OutboxStore.Outgoing event) {
        ClaimBatch claim = exchange.getProperty(ClaimBatch.PROPERTY, ClaimBatch.class);
        if (claim == null || !claim.queue(event)) {
            counted(outbox.enqueue(event, windowStart()));
        }
    }

    /** The start of the de-duplication window: an event delivered before it may be delivered again. */
    public long windowStart() {
        return System.currentTimeMillis() - dedupWindowMillis;
    }

    /** Counts one event once it is committed to the outbox (or found there already). */
    public void counted(boolean queued) {
        if (queued) {
            counters.count(EventCounters.QUEUED, "");
        } else {
            counters.count(EventCounters.SKIPPED, "messageId already queued or delivered");
        }
    }
}
