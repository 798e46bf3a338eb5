package io.github.segment2cs.transform;

import io.github.segment2cs.holdback.HoldCommand;
import io.github.segment2cs.metrics.EventCounters;
import io.github.segment2cs.process.MessageFate;
import io.github.segment2cs.segment.Headers;
import io.github.segment2cs.segment.SegmentMessage;
import io.github.segment2cs.store.OrganizationStore;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * group: stores the organization ({@code groupId}, {@code traits.name}) and makes it the user's
 * current one, then marks the message as the release of the user's held events.
 */
public class GroupProcessor implements Processor {

    private final OrganizationStore organizations;
    private final EventCounters counters;

    public GroupProcessor(OrganizationStore organizations, EventCounters counters) {
        this.organizations = organizations;
        this.counters = counters;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) {
        SegmentMessage message = new SegmentMessage(exchange.getIn().getBody(Map.class));
        String name = message.traits().get("name").toString().trim();
        organizations.join(message.userId(), new OrganizationStore.Organization(message.groupId(), name));
        counters.count(EventCounters.APPLIED, "group");
        MessageFate.set(exchange, MessageFate.APPLIED);
        exchange.getIn().setHeader(Headers.HOLD_CONTROL, HoldCommand.RELEASE.value());
    }
}
