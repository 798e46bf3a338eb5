package io.github.segment2cs.process;

import io.github.segment2cs.config.DestinationConfig;
import io.github.segment2cs.store.InboxStore;
import io.github.segment2cs.store.MessageHistory;
import io.github.segment2cs.store.OutboxStore;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/**
 * Forgets what de-duplication no longer needs: messageIds, delivered events and the messages'
 * history older than DEDUP_WINDOW.
 */
@ApplicationScoped
@Named("housekeeping")
@RegisterForReflection(methods = true)
public class Housekeeping {

    private final InboxStore inbox;
    private final OutboxStore outbox;
    private final MessageHistory history;
    private final long dedupWindowMillis;

    Housekeeping(InboxStore inbox, OutboxStore outbox, MessageHistory history, DestinationConfig.Segment config) {
        this.inbox = inbox;
        this.outbox = outbox;
        this.history = history;
        this.dedupWindowMillis = config.dedupWindow().toMillis();
    }

    public void purge() {
        long cutoff = System.currentTimeMillis() - dedupWindowMillis;
        inbox.forgetSeenBefore(cutoff);
        outbox.forgetDeliveredBefore(cutoff);
        history.forgetBefore(cutoff);
    }
}
