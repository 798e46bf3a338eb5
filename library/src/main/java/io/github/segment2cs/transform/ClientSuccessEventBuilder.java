package io.github.segment2cs.transform;

import io.github.segment2cs.segment.Headers;
import io.github.segment2cs.segment.SegmentMessage;
import io.github.segment2cs.store.OrganizationStore;
import io.github.segment2cs.store.ProfileStore;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Makes the body what is sent to ClientSuccess: {@code identity} (organization, when known, and
 * user, omitting what is unknown), {@code value} ({@link Headers#EVENT_VALUE}) and the event's own
 * {@code timestamp} in ISO-8601 UTC, also as {@code keen.timestamp}. The Segment message moves to the {@link #SEGMENT_MESSAGE}
 * property. Routes may change the body after this step; the delivery queue sends it as it is.
 */
public class ClientSuccessEventBuilder implements Processor {

    /** Property holding the Segment message once the body is the ClientSuccess event. */
    public static final String SEGMENT_MESSAGE = "segmentMessage";
    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final ProfileStore profiles;

    public ClientSuccessEventBuilder(ProfileStore profiles) {
        this.profiles = profiles;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) {
        Map<String, Object> fields = exchange.getIn().getBody(Map.class);
        SegmentMessage message = new SegmentMessage(fields);
        UsageEvent usage = UsageEvent.of(exchange.getIn(), message);
        OrganizationStore.Organization organization = exchange.getProperty(OrganizationResolver.ORGANIZATION,
                OrganizationStore.Organization.class);

        Map<String, Object> identity = new LinkedHashMap<>();
        if (organization != null) {
            identity.put("organization", Map.of("id", organization.id(), "name", organization.name()));
        }
        identity.put("user", user(message.userId()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("identity", identity);
        body.put("value", usage.value());
        String timestamp = TIMESTAMP.format(usage.timestamp());
        body.put("timestamp", timestamp);
        // The same time as Keen IO's field too, which the collector's URL mirrors and one public client
        // sends: ClientSuccess keeps a held and released event's own time whichever it reads.
        body.put("keen", Map.of("timestamp", timestamp));

        exchange.setProperty(SEGMENT_MESSAGE, fields);
        exchange.getIn().setBody(body);
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
