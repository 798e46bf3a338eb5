package io.github.segment2cs.process;

import io.github.segment2cs.config.DestinationConfig;
import io.github.segment2cs.store.InboxStore;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.time.Duration;
import java.util.List;
import org.apache.camel.Exchange;

/** Claims accepted messages for routing ({@link DrainLoop}), and marks them done once routed. */
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

    public List<InboxStore.Entry> claim(Exchange exchange) {
        List<InboxStore.Entry> claimed = inbox.claim(batchSize, LEASE);
        DrainLoop.afterClaim(exchange, claimed.size(), batchSize);
        return claimed;
    }

    public void done(long inboxId) {
        inbox.done(inboxId);
    }
}
