package io.github.segment2cs.process;

import io.github.segment2cs.config.DestinationConfig;
import io.github.segment2cs.store.InboxStore;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.camel.Exchange;

/**
 * Claims accepted messages for routing ({@link DrainLoop}), and removes them from the inbox once
 * routed: all those of a claim in one statement at its end, not one transaction each. Every
 * routing step is idempotent, so a crash within a claim routes its messages again without
 * doubling anything, as it would with a delete per message.
 */
@ApplicationScoped
@Named("inboxPoller")
@RegisterForReflection(methods = true)
public class InboxPoller {

    /** How long a claim holds if its instance neither finishes it nor dies (a database error). */
    static final Duration LEASE = Duration.ofSeconds(30);

    private final InboxStore inbox;
    private final int batchSize;

    InboxPoller(InboxStore inbox, DestinationConfig.Processing config) {
        this.inbox = inbox;
        this.batchSize = config.batchSize();
    }

    /** Property: the ids of the claim's messages routed so far, shared by the split's copies of the exchange. */
    static final String ROUTED = "inboxRouted";

    public List<InboxStore.Entry> claim(Exchange exchange) {
        List<InboxStore.Entry> claimed = inbox.claim(batchSize, LEASE);
        DrainLoop.afterClaim(exchange, claimed.size(), batchSize);
        exchange.setProperty(ROUTED, new ConcurrentLinkedQueue<Long>());
        return claimed;
    }

    /** The message is routed (or parked); outside a claim it leaves the inbox at once. */
    @SuppressWarnings("unchecked")
    public void done(Exchange exchange, long inboxId) {
        Queue<Long> routed = exchange.getProperty(ROUTED, Queue.class);
        if (routed != null) {
            routed.add(inboxId);
        } else {
            inbox.done(List.of(inboxId));
        }
    }

    /** At the end of a claim: the routed messages leave the inbox. */
    @SuppressWarnings("unchecked")
    public void finish(Exchange exchange) {
        Queue<Long> routed = exchange.getProperty(ROUTED, Queue.class);
        exchange.removeProperty(ROUTED);
        if (routed != null && !routed.isEmpty()) {
            inbox.done(List.copyOf(routed));
        }
    }
}
