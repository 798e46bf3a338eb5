package io.github.segment2cs.deliver;

import io.github.segment2cs.config.DestinationConfig;
import io.github.segment2cs.metrics.EventCounters;
import io.github.segment2cs.process.ClaimBatch;
import io.github.segment2cs.store.OutboxStore;
import io.github.segment2cs.transform.ClientSuccessEventBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Puts a built ClientSuccess event on the durable delivery queue (the outbox). */
@ApplicationScoped
@Named("deliveryQueue")
public class DeliveryQueue implements Processor {

    private final OutboxStore outbox;
    private final EventCounters counters;
    private final long dedupWindowMillis;

    DeliveryQueue(OutboxStore outbox, EventCounters counters, DestinationConfig.Segment segment) {
        this.outbox = outbox;
        this.counters = counters;
        this.dedupWindowMillis = segment.dedupWindow().toMillis();
    }

    /** Queues the event with the rest of its inbox claim when routing one, else at once. */
    @Override
    public void process(Exchange exchange) {
        OutboxStore.Outgoing event = exchange.getProperty(ClientSuccessEventBuilder.EVENT, OutboxStore.Outgoing.class);
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
