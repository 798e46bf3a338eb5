package io.github.segment2cs.process;

import io.github.segment2cs.config.DestinationConfig;
import io.github.segment2cs.deadletter.DeadLetterParker;
import io.github.segment2cs.deliver.DeliveryQueue;
import io.github.segment2cs.segment.Headers;
import io.github.segment2cs.store.DeadLetterStore;
import io.github.segment2cs.store.InboxStore;
import io.github.segment2cs.store.MessageHistory;
import io.github.segment2cs.store.OutboxStore;
import io.github.segment2cs.store.StateException;
import io.github.segment2cs.store.StateUnavailable;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.time.Duration;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Claims accepted messages for routing ({@link DrainLoop}), and writes what routing a claim
 * produced at its end, in one transaction ({@link ClaimBatch}): the routed messages leave the
 * inbox and their events enter the outbox together.
 */
@ApplicationScoped
@Named("inboxPoller")
@RegisterForReflection(methods = true)
public class InboxPoller {

    /** How long a claim holds if its instance neither finishes it nor dies (a database error). */
    static final Duration LEASE = Duration.ofSeconds(30);

    private final InboxStore inbox;
    private final DeliveryQueue deliveryQueue;
    private final DeadLetterParker deadLetters;
    private final int batchSize;

    InboxPoller(InboxStore inbox, DeliveryQueue deliveryQueue, DeadLetterParker deadLetters,
            DestinationConfig.Processing config) {
        this.inbox = inbox;
        this.deliveryQueue = deliveryQueue;
        this.deadLetters = deadLetters;
        this.batchSize = config.batchSize();
    }

    public List<InboxStore.Entry> claim(Exchange exchange) {
        if (DrainLoop.firstRound(exchange)) {
            inbox.releaseOwnClaims();
        }
        List<InboxStore.Entry> claimed = inbox.claim(batchSize, LEASE);
        DrainLoop.afterClaim(exchange, claimed.size(), batchSize);
        exchange.setProperty(ClaimBatch.PROPERTY, new ClaimBatch());
        return claimed;
    }

    /** Whether the claim's messages may still be routed: not once the database went away mid-claim. */
    public boolean routing(Exchange exchange) {
        ClaimBatch batch = exchange.getProperty(ClaimBatch.PROPERTY, ClaimBatch.class);
        return batch == null || !batch.stopped();
    }

    /**
     * The database went away while routing a message: it and the rest of the claim stay in the
     * inbox and are routed, in order, by a later run. The outage itself is logged by StateOutage.
     */
    public void stop(Exchange exchange) {
        ClaimBatch batch = exchange.getProperty(ClaimBatch.PROPERTY, ClaimBatch.class);
        if (batch != null) {
            batch.stop();
        }
    }

    /** The message is routed (or parked); outside a claim it leaves the inbox at once. */
    public void done(Exchange exchange, long inboxId) {
        ClaimBatch batch = exchange.getProperty(ClaimBatch.PROPERTY, ClaimBatch.class);
        MessageHistory.Step step = routingStep(exchange);
        if (batch != null) {
            batch.routed(inboxId, step);
        } else {
            inbox.finish(List.of(inboxId), step == null ? List.of() : List.of(step), List.of(),
                    deliveryQueue.windowStart());
        }
    }

    /**
     * What routing did with the message, read from the headers the processors set: skipped (with
     * the reason), applied to the stored state (identify, group, alias), queued for delivery or
     * held. None for a parked message: parking records its own step.
     */
    static MessageHistory.Step routingStep(Exchange exchange) {
        if (exchange.getProperty(Exchange.EXCEPTION_CAUGHT) != null) {
            return null;
        }
        Message in = exchange.getIn();
        String messageId = in.getHeader(Headers.MESSAGE_ID, String.class);
        if (messageId == null) {
            return null;
        }
        String skipped = in.getHeader(Headers.SKIP_REASON, String.class);
        String type = in.getHeader(Headers.TYPE, String.class);
        String step;
        if (skipped != null) {
            step = "skipped";
        } else if ("identify".equals(type) || "group".equals(type) || "alias".equals(type)) {
            step = "applied";
        } else if (in.getHeader(Headers.ORGANIZATION_KNOWN, false, Boolean.class)
                || in.getHeader(Headers.FORCE_DELIVERY, false, Boolean.class)) {
            step = "queued";
        } else {
            step = "held";
        }
        return new MessageHistory.Step(messageId, System.currentTimeMillis(), step, skipped);
    }

    /** At the end of a claim: its events are queued and its routed messages leave the inbox, together. */
    public void finish(Exchange exchange) {
        ClaimBatch batch = exchange.getProperty(ClaimBatch.PROPERTY, ClaimBatch.class);
        exchange.removeProperty(ClaimBatch.PROPERTY);
        if (batch == null) {
            return;
        }
        if (batch.stopped()) {
            // A later claim of this run would pass over the claim's messages that are left: the next run frees them.
            exchange.setProperty(DrainLoop.MORE, false);
        }
        ClaimBatch.Contents contents = batch.close();
        if (contents.routed().isEmpty() && contents.queued().isEmpty()) {
            return;
        }
        try {
            for (boolean queued : inbox.finish(contents.routed(), contents.steps(), contents.queued(),
                    deliveryQueue.windowStart())) {
                deliveryQueue.counted(queued);
            }
        } catch (StateUnavailable outage) {
            throw outage;
        } catch (StateException dataError) {
            finishOneByOne(contents);
        }
    }

    /**
     * One event the store cannot take (a value too long for its column) failed the claim's write:
     * each event is queued alone, one that still fails is parked as a dead letter, and the routed
     * messages leave the inbox. Otherwise the whole claim would be routed again, and fail, for ever.
     * Queuing is idempotent, so a crash in between doubles nothing.
     */
    private void finishOneByOne(ClaimBatch.Contents contents) {
        for (OutboxStore.Outgoing event : contents.queued()) {
            try {
                for (boolean queued : inbox.finish(List.of(), List.of(), List.of(event), deliveryQueue.windowStart())) {
                    deliveryQueue.counted(queued);
                }
            } catch (StateUnavailable outage) {
                throw outage;
            } catch (StateException dataError) {
                deadLetters.park(new DeadLetterStore.NewDeadLetter(event.messageId(), event.userId(), event.eventId(),
                        "the store cannot take this event: " + dataError.reason(), null, null, 0,
                        System.currentTimeMillis(), event.message()));
            }
        }
        inbox.finish(contents.routed(), contents.steps(), List.of(), deliveryQueue.windowStart());
    }
}
