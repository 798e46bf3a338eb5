package io.github.segment2cs.holdback;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.segment2cs.store.Sql;
import io.github.segment2cs.store.StateDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits the hold-back documents of versions before V3 (one JSON document per user, its events
 * inside) into one row per event, before the aggregator reads its repository. The migration moved
 * them to {@code held_legacy}; each document is converted in its own transaction, so an
 * interrupted upgrade resumes where it stopped.
 */
public class LegacyHeldDocuments {

    private static final Logger LOG = LoggerFactory.getLogger(LegacyHeldDocuments.class);

    private final StateDatabase database;
    private final HeldEventRows rows;
    private final ObjectMapper json;

    public LegacyHeldDocuments(StateDatabase database, HeldEventRows rows, ObjectMapper json) {
        this.database = database;
        this.rows = rows;
        this.json = json;
    }

    /** Converts what there is, before the aggregator reads its repository (before the routes start). */
    public void convertBeforeRoutesStart() {
        int converted = upgrade();
        if (converted > 0) {
            LOG.info("Converted {} held-event documents of an earlier version to one row per event", converted);
        }
    }

    /** Converts every legacy document; returns how many. */
    int upgrade() {
        int converted = 0;
        while (database.inTransaction(this::convertOne)) {
            converted++;
        }
        return converted;
    }

    private boolean convertOne(Connection connection) throws SQLException {
        record Legacy(String key, String exchangeId, String document) {
        }
        Legacy legacy = Sql.queryOne(connection, "SELECT correlation_key, exchange_id, exchange FROM s2cs_held_legacy "
                + "ORDER BY correlation_key, exchange_id LIMIT 1",
                row -> new Legacy(row.getString(1), row.getString(2), row.getString(3)));
        if (legacy == null) {
            return false;
        }
        Map<String, Object> document = read(legacy.document());
        List<Map<String, Object>> events = events(document.remove("body"));
        String metadata = write(document);
        long now = System.currentTimeMillis();
        if (legacy.exchangeId() == null) {
            rows.insert(connection, legacy.key(), HeldEventRows.HELD, events);
            Long oldest = rows.oldestHeldAt(connection, legacy.key());
            Sql.update(connection, "INSERT INTO s2cs_held_aggregate (correlation_key, exchange, event_count, oldest_at, "
                    + "version, updated_at) VALUES (?, ?, ?, ?, 1, ?) ON CONFLICT DO NOTHING", legacy.key(), metadata,
                    events.size(), oldest != null ? oldest : now, now);
        } else {
            // An interrupted release: recovered at once, like any release older than the grace period.
            rows.insert(connection, legacy.key(), legacy.exchangeId(), events);
            Sql.update(connection, "INSERT INTO s2cs_held_completed (exchange_id, correlation_key, exchange, completed_at) "
                    + "VALUES (?, ?, ?, 0) ON CONFLICT DO NOTHING", legacy.exchangeId(), legacy.key(), metadata);
        }
        Sql.update(connection, "DELETE FROM s2cs_held_legacy WHERE correlation_key = ? AND "
                + "COALESCE(exchange_id, '') = ?", legacy.key(), legacy.exchangeId() == null ? "" : legacy.exchangeId());
        return true;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> events(Object body) {
        List<Map<String, Object>> events = new ArrayList<>();
        if (body instanceof List<?> list) {
            list.forEach(item -> events.add((Map<String, Object>) item));
        }
        return events;
    }

    private Map<String, Object> read(String text) {
        try {
            return json.readValue(text, new TypeReference<>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A held-event document of an earlier version cannot be read", e);
        }
    }

    private String write(Map<String, Object> document) {
        try {
            return json.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A held-event document cannot be written", e);
        }
    }
}
