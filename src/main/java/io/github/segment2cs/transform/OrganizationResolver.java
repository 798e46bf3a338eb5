package io.github.segment2cs.transform;

import io.github.segment2cs.segment.SegmentMessage;
import io.github.segment2cs.store.OrganizationStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * The organization a usage event counts for: the event's {@code context.groupId} when that
 * organization is known, else the user's latest group. Empty means the event must be held.
 */
@ApplicationScoped
public class OrganizationResolver {

    private final OrganizationStore organizations;

    OrganizationResolver(OrganizationStore organizations) {
        this.organizations = organizations;
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
