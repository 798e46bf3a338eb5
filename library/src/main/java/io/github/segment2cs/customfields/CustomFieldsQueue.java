package io.github.segment2cs.customfields;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.segment2cs.deliver.DeliveryQueue;
import io.github.segment2cs.process.MessageFate;
import io.github.segment2cs.segment.SegmentMessage;
import io.github.segment2cs.settings.Settings;
import io.github.segment2cs.store.OrganizationStore;
import io.github.segment2cs.store.OutboxStore;
import io.github.segment2cs.store.ProfileStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;

/**
 * Queues traits for ClientSuccess custom fields in the outbox, when the REST API is set up
 * (CLIENTSUCCESS_USERNAME and _PASSWORD), for {@link CustomFieldsSync} to deliver:
 * <ul>
 * <li>on group, the group's traits (all but {@code name}) for its client (also with none, when
 * clients are created: that creates it), and the user's contact under that client;</li>
 * <li>on identify, the user's contact, once their group is known (from the stored membership or
 * {@code context.groupId}). Until then the identify's traits wait in the stored profile, and the
 * group call syncs them.</li>
 * </ul>
 * A contact needs the user's e-mail: without one, there is no contact to sync.
 */
public class CustomFieldsQueue {

    /** Appended to a group call's messageId for the sync of its user's contact (the call's own is its client's). */
    public static final String CONTACT_SUFFIX = "#contact";
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private final DeliveryQueue queue;
    private final ProfileStore profiles;
    private final OrganizationStore organizations;
    private final ObjectMapper json;
    private final boolean enabled;
    private final boolean createClients;

    public CustomFieldsQueue(DeliveryQueue queue, ProfileStore profiles, OrganizationStore organizations,
            ObjectMapper json, Settings.CustomFields settings) {
        this.queue = queue;
        this.profiles = profiles;
        this.organizations = organizations;
        this.json = json;
        this.enabled = settings.enabled();
        this.createClients = settings.createClients();
    }

    /** After groupProcessor: the client's fields, then the user's contact. */
    @SuppressWarnings("unchecked")
    public void group(Exchange exchange) throws Exception {
        if (!enabled) {
            return;
        }
        Map<String, Object> fields = exchange.getIn().getBody(Map.class);
        SegmentMessage message = new SegmentMessage(fields);
        Map<String, Object> traits = new LinkedHashMap<>(message.traits());
        Object name = traits.remove("name");
        if (!traits.isEmpty() || createClients) {
            queue.queue(exchange, new OutboxStore.Outgoing(message.messageId(), message.userId(), message.groupId(),
                    json.writeValueAsString(CustomFieldsSync.clientPayload(message.groupId(),
                            name == null ? null : name.toString(), traits)),
                    json.writeValueAsString(fields), OutboxStore.CLIENT_FIELDS));
            MessageFate.set(exchange, MessageFate.QUEUED);
        }
        queueContact(exchange, message, message.messageId() + CONTACT_SUFFIX, message.groupId(), fields);
    }

    /** After identifyProcessor: the user's contact, when their group is known. */
    @SuppressWarnings("unchecked")
    public void identify(Exchange exchange) throws Exception {
        if (!enabled) {
            return;
        }
        Map<String, Object> fields = exchange.getIn().getBody(Map.class);
        SegmentMessage message = new SegmentMessage(fields);
        Optional<String> groupId = organizations.ofUser(message.userId()).map(OrganizationStore.Organization::id)
                .or(() -> Optional.ofNullable(message.contextGroupId()));
        if (groupId.isPresent() && queueContact(exchange, message, message.messageId(), groupId.get(), fields)) {
            MessageFate.set(exchange, MessageFate.QUEUED);
        }
    }

    /** Queues the sync of the user's contact, as {@code messageId}; false when their e-mail is not known. */
    private boolean queueContact(Exchange exchange, SegmentMessage message, String messageId, String groupId,
            Map<String, Object> fields) throws Exception {
        Optional<ProfileStore.Profile> profile = profiles.find(message.userId()).filter(found -> found.email() != null);
        if (profile.isEmpty()) {
            return false;
        }
        Map<String, Object> traits = profile.get().traits() == null ? Map.of()
                : json.readValue(profile.get().traits(), OBJECT);
        queue.queue(exchange, new OutboxStore.Outgoing(messageId, message.userId(), groupId,
                json.writeValueAsString(CustomFieldsSync.contactPayload(groupId, profile.get().email(),
                        profile.get().firstName(), profile.get().lastName(), traits)),
                json.writeValueAsString(fields), OutboxStore.CONTACT_FIELDS));
        return true;
    }
}
