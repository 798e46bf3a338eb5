package io.github.segment2cs.process;

import io.github.segment2cs.store.MessageHistory;
import io.github.segment2cs.store.OutboxStore;
import java.util.ArrayList;
import java.util.List;

/**
 * What routing one inbox claim writes at its end, in one transaction: the events it queues for
 * delivery, the inbox messages it finished, and what it did with each (its history). Writing them
 * together, rather than committing once per message, is what lets routing keep up; it is safe
 * because every routing step is idempotent, so a claim that fails or is cut short by a crash is
 * simply routed again.
 *
 * <p>The split's copies of the claim's exchange share this object (an exchange property). Events
 * routed on another thread after the claim was written (held events released by the aggregator)
 * are refused, and their caller queues them itself.
 */
public final class ClaimBatch {

    /** Exchange property holding the claim's batch. */
    public static final String PROPERTY = "claimBatch";

    private final List<Long> routed = new ArrayList<>();
    private final List<MessageHistory.Step> steps = new ArrayList<>();
    private final List<OutboxStore.Outgoing> queued = new ArrayList<>();
    private boolean written;
    private volatile boolean stopped;

    /**
     * The message left the inbox; {@code step} (null for none) is what routing did with it. False
     * once the claim is written: the caller writes it itself.
     */
    synchronized boolean routed(long inboxId, MessageHistory.Step step) {
        if (written) {
            return false;
        }
        routed.add(inboxId);
        if (step != null) {
            steps.add(step);
        }
        return true;
    }

    /** Adds an event to the claim's transaction; false once that is written (queue it yourself). */
    public synchronized boolean queue(OutboxStore.Outgoing event) {
        if (written) {
            return false;
        }
        queued.add(event);
        return true;
    }

    /** The database went away mid-claim: the claim's remaining messages are left, in order, for the next run. */
    void stop() {
        stopped = true;
    }

    boolean stopped() {
        return stopped;
    }

    /** Takes the contents for writing; nothing more is accepted. */
    synchronized Contents close() {
        written = true;
        return new Contents(List.copyOf(routed), List.copyOf(steps), List.copyOf(queued));
    }

    record Contents(List<Long> routed, List<MessageHistory.Step> steps, List<OutboxStore.Outgoing> queued) {
    }
}
