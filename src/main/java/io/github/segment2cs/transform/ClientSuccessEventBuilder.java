package io.github.segment2cs.transform;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.segment2cs.segment.Headers;
import io.github.segment2cs.segment.SegmentMessage;
import io.github.segment2cs.store.OrganizationStore;
import io.github.segment2cs.store.OutboxStore;
import io.github.segment2cs.store.ProfileStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Builds the ClientSuccess event body for a usage event: {@code identity} (organization and user,
 * omitting what is unknown), {@code value} and the event's own {@code timestamp} in ISO-8601 UTC.
 * Sets {@link Headers#ORGANIZATION_KNOWN}; the built event goes in the {@link #EVENT} property.
 */
@ApplicationScoped
@Named("clientSuccessEventBuilder")
public class ClientSuccessEventBuilder implements Processor {

    public static final String EVENT = "clientSuccessEvent";
    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final OrganizationResolver organizationResolver;
    private final ProfileStore profiles;
    private final ObjectMapper json;

    ClientSuccessEventBuilder(OrganizationResolver organizationResolver, ProfileStore profiles, ObjectMapper json) {
        this.organizationResolver = organizationResolver;
        this.profiles = profiles;
        this.json = json;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) throws Exception {
        Map<String, Object> fields = exchange.getIn().getBody(Map.class);
        SegmentMessage message = new SegmentMessage(fields);
        UsageEvent usage = exchange.getIn().getHeader(Headers.USAGE, UsageEvent.class);
        Optional<OrganizationStore.Organization> organization = organizationResolver.organizationFor(message);

        Map<String, Object> identity = new LinkedHashMap<>();
        organization.ifPresent(org -> identity.put("organization", Map.of("id", org.id(), "name", org.name())));
        identity.put("user", user(message.userId()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("identity", identity);
        body.put("value", usage.value());
        body.put("timestamp", TIMESTAMP.format(usage.timestamp()));

        exchange.getIn().setHeader(Headers.ORGANIZATION_KNOWN, organization.isPresent());
        exchange.setProperty(EVENT, new OutboxStore.Outgoing(message.messageId(), message.userId(), usage.eventId(),
                json.writeValueAsString(body), json.writeValueAsString(fields)));
    }

    private Map<String, Object> user(String userId) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("id", userId);
        profiles.find(userId).ifPresent(profile -> {
            if (profile.fullName() != null) {
                user.put("name", profile.fullName());
            }
            if (profile.email() != null) {
                user.put("email", profile.email());
            }
        });
        return user;
    }
}
