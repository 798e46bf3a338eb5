package io.github.segment2cs.process;

import io.github.segment2cs.settings.Settings;
import io.github.segment2cs.store.InboxStore;
import io.github.segment2cs.store.MessageHistory;
import io.github.segment2cs.store.OutboxStore;

/**
 * Forgets what de-duplication no longer needs: messageIds, delivered events and the messages'
 * history older than DEDUP_WINDOW.
 */
public class Housekeeping {

    private final InboxStore inbox;
    private final OutboxStore outbox;
    private final MessageHistory history;
    private final long dedupWindowMillis;

    public Housekeeping(InboxStore inbox, OutboxStore outbox, MessageHistory history, Settings.Deduplication config) {
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
