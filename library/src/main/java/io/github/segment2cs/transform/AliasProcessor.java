package io.github.segment2cs.transform;

import io.github.segment2cs.holdback.HoldCommand;
import io.github.segment2cs.metrics.EventCounters;
import io.github.segment2cs.process.MessageFate;
import io.github.segment2cs.segment.Headers;
import io.github.segment2cs.segment.SegmentMessage;
import io.github.segment2cs.store.OrganizationStore;
import io.github.segment2cs.store.ProfileStore;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * alias: the new {@code userId} inherits {@code previousId}'s profile and membership (what it does
 * not know itself), then the message becomes a transfer of previousId's held events to userId.
 */
public class AliasProcessor implements Processor {

    private final ProfileStore profiles;
    private final OrganizationStore organizations;
    private final EventCounters counters;

    public AliasProcessor(ProfileStore profiles, OrganizationStore organizations, EventCounters counters) {
        this.profiles = profiles;
        this.organizations = organizations;
        this.counters = counters;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) {
        SegmentMessage message = new SegmentMessage(exchange.getIn().getBody(Map.class));
        profiles.inherit(message.userId(), message.previousId());
        organizations.inherit(message.userId(), message.previousId());
        counters.count(EventCounters.APPLIED, "alias");
        MessageFate.set(exchange, MessageFate.APPLIED);
        exchange.getIn().setHeader(Headers.HOLD_CONTROL, HoldCommand.TRANSFER.value());
        exchange.getIn().setHeader(Headers.TRANSFER_TO, message.userId());
        exchange.getIn().setHeader(Headers.USER_ID, message.previousId());
    }
}
