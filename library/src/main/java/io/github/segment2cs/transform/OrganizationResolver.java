package io.github.segment2cs.transform;

import io.github.segment2cs.segment.Headers;
import io.github.segment2cs.segment.SegmentMessage;
import io.github.segment2cs.store.OrganizationStore;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The organization a usage event counts for: the event's {@code context.groupId} when that
 * organization is known, else the user's latest group. Sets {@link Headers#ORGANIZATION_KNOWN}
 * (false: the event must be held) and, when known, the {@link #ORGANIZATION} property.
 */
public class OrganizationResolver implements Processor {

    /** Property holding the event's organization, for the event builder. */
    public static final String ORGANIZATION = "organization";

    private final OrganizationStore organizations;

    public OrganizationResolver(OrganizationStore organizations) {
        this.organizations = organizations;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) {
        Optional<OrganizationStore.Organization> organization = organizationFor(
                new SegmentMessage(exchange.getIn().getBody(Map.class)));
        exchange.getIn().setHeader(Headers.ORGANIZATION_KNOWN, organization.isPresent());
        organization.ifPresentOrElse(org -> exchange.setProperty(ORGANIZATION, org),
                () -> exchange.removeProperty(ORGANIZATION));
    }

    public Optional<OrganizationStore.Organization> organizationFor(SegmentMessage message) {
        String contextGroupId = message.contextGroupId();
        if (contextGroupId != null) {
            Optional<OrganizationStore.Organization> named = organizations.find(contextGroupId);
            if (named.isPresent()) {
                return named;
            }
        }
        return message.userId() == null ? Optional.empty() : organizations.ofUser(message.userId());
    }
}
