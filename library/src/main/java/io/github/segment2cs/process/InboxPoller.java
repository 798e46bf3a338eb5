package io.github.segment2cs.process;

import io.github.segment2cs.deadletter.DeadLetterParker;
import io.github.segment2cs.deliver.DeliveryQueue;
import io.github.segment2cs.settings.Settings;
import io.github.segment2cs.store.DeadLetterStore;
import io.github.segment2cs.store.InboxStore;
import io.github.segment2cs.store.MessageHistory;
import io.github.segment2cs.store.OutboxStore;
import io.github.segment2cs.store.StateDatabase;
import io.github.segment2cs.store.StateException;
import io.github.segment2cs.store.StateUnavailable;
import java.time.Duration;
import java.util.List;
import org.apache.camel.Exchange;

/**
 * Claims accepted messages for routing ({@link DrainLoop}), and writes what routing a claim
 * produced at its end, in one transaction ({@link ClaimBatch}): the routed messages leave the
 * inbox and their events enter the outbox together.
 */
public class InboxPoller {

    /** How long a claim holds if its instance neither finishes it nor dies (a database error). */
    static final Duration LEASE = Duration.ofSeconds(30);

    private final InboxStore inbox;
    private final DeliveryQueue deliveryQueue;
    private final DeadLetterParker deadLetters;
    private final FateCheck fateCheck;
    private final int batchSize;
    private final int threads;

    public InboxPoller(InboxStore inbox, DeliveryQueue deliveryQueue, DeadLetterParker deadLetters, FateCheck fateCheck,
            Settings.Processing config, StateDatabase database) {
        this.inbox = inbox;
        this.deliveryQueue = deliveryQueue;
        this.deadLetters = deadLetters;
        this.fateCheck = fateCheck;
        this.batchSize = config.batchSize();
        // Measured (BacklogBenchmark): a second thread routes 43 % more on PostgreSQL, where routing
        // waits on the network, and nothing more on H2, whose commits take their turns.
        this.threads = config.threads().orElse(database.isPostgresql() ? 2 : 1);
        if (threads < 1) {
            throw new IllegalArgumentException("PROCESSING_THREADS must be 1 or more, not " + threads);
        }
    }

    /** The next claim, as the phases and lanes that route it ({@link RoutingLanes}). */
    public List<List<List<InboxStore.Entry>>> claim(Exchange exchange) {
        if (DrainLoop.firstRound(exchange)) {
            inbox.releaseOwnClaims();
        }
        List<InboxStore.Entry> claimed = inbox.claim(batchSize, LEASE);
        DrainLoop.afterClaim(exchange, claimed.size(), batchSize);
        exchange.setProperty(ClaimBatch.PROPERTY, new ClaimBatch());
        return RoutingLanes.plan(claimed, threads);
    }

    /**
     * Whether the message may be routed: not once the database went away mid-claim. When it may,
     * it leaves the inbox with whatever fate it ends with ({@link FateCheck}), whether or not the
     * routes run to their end.
     */
    public boolean routing(Exchange exchange) {
        ClaimBatch batch = exchange.getProperty(ClaimBatch.PROPERTY, ClaimBatch.class);
        if (batch != null && batch.stopped()) {
            return false;
        }
        InboxStore.Entry entry = exchange.getIn().getBody(InboxStore.Entry.class);
        if (entry != null) {
            fateCheck.watch(exchange, (ended, fate) -> routed(batch, entry, fate));
        }
        return true;
    }

    /**
     * The database went away while routing a message: it and the rest of the claim stay in the
     * inbox and are routed, in order, by a later run. The outage itself is logged by StateOutage.
     */
    public void stop(Exchange exchange) {
        MessageFate.set(exchange, MessageFate.LEFT);
        ClaimBatch batch = exchange.getProperty(ClaimBatch.PROPERTY, ClaimBatch.class);
        if (batch != null) {
            batch.stop();
        }
    }

    /**
     * The message leaves the inbox with its fate, at the claim's end (outside a claim, or after it
     * was written, at once). A parked message has its step recorded by the parking. A queued one
     * has none: its outbox row, then its delivered messageId, keep when it was queued (see
     * {@link OutboxStore}), which spares most messages a row in the step table and its messageId index.
     */
    private void routed(ClaimBatch batch, InboxStore.Entry entry, MessageFate fate) {
        if (MessageFate.LEFT.equals(fate.step())) {
            return;
        }
        MessageHistory.Step step = entry.messageId() == null || MessageFate.DEAD_LETTERED.equals(fate.step())
                || MessageFate.QUEUED.equals(fate.step()) ? null
                : new MessageHistory.Step(entry.messageId(), System.currentTimeMillis(), fate.step(), fate.reason());
        if (batch == null || !batch.routed(entry.id(), step)) {
            inbox.finish(List.of(entry.id()), step == null ? List.of() : List.of(step), List.of(),
                    deliveryQueue.windowStart());
        }
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
