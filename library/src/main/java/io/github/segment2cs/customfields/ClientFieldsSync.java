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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;

/**
 * Delivers a group call's traits to the custom fields of its ClientSuccess client (an outbox row of
 * kind {@link OutboxStore#CLIENT_FIELDS}, queued by DeliveryQueue): finds the client by
 * {@code externalId} = groupId, or creates it (CLIENTSUCCESS_CREATE_CLIENTS) with its name,
 * externalId and usageId, or else skips with the reason; then reads its fields, fills them
 * ({@link FieldValues}) and writes the client back only when a value changed. v1 has no partial
 * update of a client that public sources confirm, so the write is the whole record, read just
 * before: calls for one client take turns within this instance, and the window for an edit made
 * meanwhile in ClientSuccess's UI is that of one GET and one PUT.
 */
public class ClientFieldsSync {

    /** Why a sync was skipped: its client does not exist, and clients are not created. */
    public static final String NO_CLIENT = "no ClientSuccess client has the groupId as its externalId";
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };
    private static final int LOCKS = 64;

    private final ClientSuccessRest rest;
    private final FieldValues fieldValues;
    private final boolean createClients;
    private final EventCounters counters;
    private final ObjectMapper json;
    private final Object[] locks = new Object[LOCKS];

    public ClientFieldsSync(ClientSuccessRest rest, FieldValues fieldValues, boolean createClients,
            EventCounters counters, ObjectMapper json) {
        this.rest = rest;
        this.fieldValues = fieldValues;
        this.createClients = createClients;
        this.counters = counters;
        this.json = json;
        for (int i = 0; i < LOCKS; i++) {
            locks[i] = new Object();
        }
    }

    /** The payload of a sync: the group, its name and the traits for custom fields. */
    public static Map<String, Object> payload(String groupId, String name, Map<String, Object> traits) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("groupId", groupId);
        payload.put("name", name);
        payload.put("traits", traits);
        return payload;
    }

    @SuppressWarnings("unchecked")
    public void sync(Exchange exchange) throws Exception {
        OutboxStore.Pending pending = exchange.getProperty(ClientSuccessRequest.PENDING, OutboxStore.Pending.class);
        Map<String, Object> payload = json.readValue(pending.payload(), OBJECT);
        String groupId = (String) payload.get("groupId");
        Map<String, Object> traits = (Map<String, Object>) payload.get("traits");
        synchronized (locks[Math.floorMod(groupId.hashCode(), LOCKS)]) {
            Optional<Map<String, Object>> client = rest.get("/clients?externalId=" + UsageApi.encode(groupId));
            if (client.isEmpty() && !createClients) {
                counters.count(EventCounters.SKIPPED, NO_CLIENT);
                MessageFate.set(exchange, MessageFate.SKIPPED, NO_CLIENT + " (" + groupId + ")");
                return;
            }
            Map<String, Object> detail = client.isPresent() ? client.get() : rest.post("/clients", newClient(payload));
            List<Map<String, Object>> fields = fields(detail);
            FieldValues.Result result = fieldValues.apply(fields, traits);
            int status = 200;
            if (result.changed()) {
                detail.put("customFieldValues", fields);
                status = rest.put("/clients/" + detail.get("id"), detail);
            }
            counters.countFields("written", result.written());
            counters.countFields("unchanged", result.unchanged());
            counters.countFields("unmapped", result.unmapped());
            counters.countFields("unconvertible", result.unconvertible());
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        }
    }

    private static Map<String, Object> newClient(Map<String, Object> payload) {
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("name", payload.get("name") != null ? payload.get("name") : payload.get("groupId"));
        client.put("externalId", payload.get("groupId"));
        client.put("usageId", payload.get("groupId"));
        client.put("statusId", 1);
        return client;
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
