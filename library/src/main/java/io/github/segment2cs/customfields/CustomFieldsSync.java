package io.github.segment2cs.customfields;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.segment2cs.clientsuccess.ClientSuccessRest;
import io.github.segment2cs.clientsuccess.UsageApi;
import io.github.segment2cs.deliver.ClientSuccessRequest;
import io.github.segment2cs.metrics.EventCounters;
import io.github.segment2cs.process.MessageFate;
import io.github.segment2cs.store.OutboxStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;

/**
 * Delivers traits to ClientSuccess custom fields through its REST API (outbox rows of kind
 * {@link OutboxStore#CLIENT_FIELDS} and {@link OutboxStore#CONTACT_FIELDS}, queued by
 * {@link CustomFieldsQueue}):
 * <ul>
 * <li>{@link #client}: the client with {@code externalId} = groupId, or a new one with its name,
 * externalId and usageId when CLIENTSUCCESS_CREATE_CLIENTS is set, or else skipped with the reason;</li>
 * <li>{@link #contact}: the contact with the user's e-mail under that client, created with its name
 * and e-mail when missing (a contact always sits under a client: without one, it is skipped).</li>
 * </ul>
 * The record's fields are filled ({@link FieldValues}) and it is written back only when a value
 * changed. A sync older than one already written for the same record (a retry that comes after a
 * later call's sync) is skipped, so that older traits never overwrite newer ones; this instance
 * remembers the last {@value #REMEMBERED} records written. v1 has no partial update of a client or a contact that public sources confirm, so the
 * write is the whole record, read just before: calls for one client or contact take turns within
 * this instance, and the window for an edit made meanwhile in ClientSuccess's UI is that of one
 * read and one write.
 */
public class CustomFieldsSync {

    /** Why a sync was skipped: its client does not exist, and clients are not created. */
    public static final String NO_CLIENT = "no ClientSuccess client has the groupId as its externalId";
    /** Why a sync was skipped: a later call's traits were written to the record already. */
    public static final String SUPERSEDED = "a later call's traits were written already";
    /** Why a sync was skipped: the REST API is no longer set up (it was when the sync was queued). */
    public static final String OFF = "custom fields are off: CLIENTSUCCESS_USERNAME and _PASSWORD are not set";
    static final int REMEMBERED = 10_000;
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };
    private static final int LOCKS = 64;

    private final ClientSuccessRest rest;
    private final FieldValues fieldValues;
    private final boolean createClients;
    private final EventCounters counters;
    private final ObjectMapper json;
    private final Object[] locks = new Object[LOCKS];
    private final boolean enabled;
    /** The outbox id of the last sync written to each record (client or contact); the least recently used is forgotten first. */
    private final Map<String, Long> lastWritten = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > REMEMBERED;
        }
    });

    public CustomFieldsSync(boolean enabled, ClientSuccessRest rest, FieldValues fieldValues, boolean createClients,
            EventCounters counters, ObjectMapper json) {
        this.enabled = enabled;
        this.rest = rest;
        this.fieldValues = fieldValues;
        this.createClients = createClients;
        this.counters = counters;
        this.json = json;
        for (int i = 0; i < LOCKS; i++) {
            locks[i] = new Object();
        }
    }

    /** A group's traits to its client's custom fields. */
    public void client(Exchange exchange) throws Exception {
        Map<String, Object> sync = payload(exchange);
        String groupId = (String) sync.get("groupId");
        String record = "client\n" + groupId;
        synchronized (lock(record)) {
            if (skipped(exchange, record)) {
                return;
            }
            Optional<Map<String, Object>> client = findClient(groupId);
            if (client.isEmpty() && !createClients) {
                skip(exchange, NO_CLIENT, groupId);
                return;
            }
            if (client.isEmpty()) {
                Object id = rest.post("/clients", newClient(sync)).get("id");
                // The reply's custom fields may be placeholders (null): the record's own are read.
                client = rest.get("/clients/" + id);
                if (client.isEmpty()) {
                    throw new IllegalStateException("ClientSuccess created client " + id + " and then did not find it");
                }
            }
            Map<String, Object> detail = client.get();
            write(exchange, record, detail, sync, "/clients/" + detail.get("id"));
        }
    }

    /** A user's traits to the custom fields of their contact, under their group's client. */
    public void contact(Exchange exchange) throws Exception {
        Map<String, Object> sync = payload(exchange);
        String groupId = (String) sync.get("groupId");
        String email = (String) sync.get("email");
        String record = "contact\n" + groupId + '\n' + email;
        synchronized (lock(record)) {
            if (skipped(exchange, record)) {
                return;
            }
            Optional<Map<String, Object>> contact = rest.get("/contacts?clientExternalId=" + UsageApi.encode(groupId)
                    + "&email=" + UsageApi.encode(email));
            if (contact.isEmpty()) {
                Optional<Map<String, Object>> client = findClient(groupId);
                if (client.isEmpty() && createClients) {
                    // The group call's own sync creates it: this one is tried again later.
                    throw new IllegalStateException("client " + groupId + " does not exist yet");
                }
                if (client.isEmpty()) {
                    skip(exchange, NO_CLIENT, groupId);
                    return;
                }
                Object clientId = client.get().get("id");
                Map<String, Object> created = rest.post("/clients/" + clientId + "/contacts", newContact(sync));
                // A new contact's reply carries no usable custom fields: its details do.
                contact = rest.get("/clients/" + clientId + "/contacts/" + created.get("id") + "/details");
                if (contact.isEmpty()) {
                    throw new IllegalStateException("ClientSuccess created contact " + created.get("id")
                            + " and then did not find it");
                }
                contact.get().putIfAbsent("clientId", clientId);
            }
            Map<String, Object> detail = contact.get();
            write(exchange, record, detail, sync,
                    "/clients/" + detail.get("clientId") + "/contacts/" + detail.get("id") + "/details");
        }
    }

    /** The payload of a client sync: the group, its name and the traits for custom fields. */
    public static Map<String, Object> clientPayload(String groupId, String name, Map<String, Object> traits) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("groupId", groupId);
        payload.put("name", name);
        payload.put("traits", traits);
        return payload;
    }

    /** The payload of a contact sync: the user's group, e-mail, name and traits for custom fields. */
    public static Map<String, Object> contactPayload(String groupId, String email, String firstName, String lastName,
            Map<String, Object> traits) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("groupId", groupId);
        payload.put("email", email);
        payload.put("firstName", firstName);
        payload.put("lastName", lastName);
        payload.put("traits", traits);
        return payload;
    }

    private Map<String, Object> payload(Exchange exchange) throws Exception {
        return json.readValue(pending(exchange).payload(), OBJECT);
    }

    private static OutboxStore.Pending pending(Exchange exchange) {
        return exchange.getProperty(ClientSuccessRequest.PENDING, OutboxStore.Pending.class);
    }

    private Object lock(String key) {
        return locks[Math.floorMod(key.hashCode(), LOCKS)];
    }

    private Optional<Map<String, Object>> findClient(String groupId) throws Exception {
        return rest.get("/clients?externalId=" + UsageApi.encode(groupId));
    }

    /** Skips a sync while the REST API is not set up, or once a later one reached the record. */
    private boolean skipped(Exchange exchange, String record) {
        if (!enabled) {
            skip(exchange, OFF, null);
            return true;
        }
        Long written = lastWritten.get(record);
        if (written != null && written > pending(exchange).id()) {
            skip(exchange, SUPERSEDED, null);
            return true;
        }
        return false;
    }

    /** Counted by {@code reason}; the message's fate also names the {@code record}, when given. */
    private void skip(Exchange exchange, String reason, String record) {
        counters.count(EventCounters.SKIPPED, reason);
        MessageFate.set(exchange, MessageFate.SKIPPED, record == null ? reason : reason + " (" + record + ")");
    }

    /** Fills the record's fields from the sync's traits, and writes it to {@code path} when a value changed. */
    @SuppressWarnings("unchecked")
    private void write(Exchange exchange, String record, Map<String, Object> detail, Map<String, Object> sync,
            String path) throws Exception {
        List<Map<String, Object>> fields = fields(detail);
        FieldValues.Result result = fieldValues.apply(fields, (Map<String, Object>) sync.get("traits"));
        int status = 200;
        if (result.changed()) {
            detail.put("customFieldValues", fields);
            status = rest.put(path, detail);
        }
        lastWritten.merge(record, pending(exchange).id(), Math::max);
        counters.countFields("written", result.written());
        counters.countFields("unchanged", result.unchanged());
        counters.countFields("unmapped", result.unmapped());
        counters.countFields("unconvertible", result.unconvertible());
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
    }

    private static Map<String, Object> newClient(Map<String, Object> sync) {
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("name", sync.get("name") != null ? sync.get("name") : sync.get("groupId"));
        client.put("externalId", sync.get("groupId"));
        client.put("usageId", sync.get("groupId"));
        client.put("statusId", 1);
        return client;
    }

    private static Map<String, Object> newContact(Map<String, Object> sync) {
        Map<String, Object> contact = new LinkedHashMap<>();
        contact.put("email", sync.get("email"));
        contact.put("firstName", sync.get("firstName"));
        contact.put("lastName", sync.get("lastName"));
        return contact;
    }

    /** The record's custom field entries; a created client's may hold nulls, which are left out. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> fields(Map<String, Object> detail) {
        List<Map<String, Object>> fields = new ArrayList<>();
        if (detail.get("customFieldValues") instanceof List<?> values) {
            for (Object value : values) {
                if (value instanceof Map<?, ?> field) {
                    fields.add((Map<String, Object>) field);
                }
            }
        }
        return fields;
    }
}
