package io.github.segment2cs.holdback;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.segment2cs.segment.SegmentMessage;
import io.github.segment2cs.store.Sql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The held events themselves, one row each in {@code held_event}. Each statement touches only the
 * rows it names, through the table's indexes, so its cost does not grow with what else is held.
 * An item is {@code {"heldAt": epochMillis, "message": {...}}}, as the hold-back route uses it.
 */
public class HeldEventRows {

    /** The release id of events still held. */
    static final String HELD = "";

    private final ObjectMapper json;

    public HeldEventRows(ObjectMapper json) {
        this.json = json;
    }

    /** Stores the items under the release id; returns how many were new (not already there by messageId). */
    int insert(Connection connection, String userId, String releaseId, List<Map<String, Object>> items)
            throws SQLException {
        int added = 0;
        for (Map<String, Object> item : items) {
            Map<String, Object> message = HoldBackStrategy.messageOf(item);
            added += Sql.update(connection, "INSERT INTO s2cs_held_event (user_id, release_id, message_id, held_at, message) "
                    + "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", userId, releaseId,
                    new SegmentMessage(message).messageId(), HoldBackStrategy.heldAt(item), write(message));
        }
        return added;
    }

    /** Takes the user's {@code count} oldest held events out of the table and returns them. */
    List<Map<String, Object>> removeOldest(Connection connection, String userId, int count) throws SQLException {
        List<Row> oldest = Sql.query(connection, "SELECT id, held_at, message FROM s2cs_held_event "
                + "WHERE release_id = ? AND user_id = ? ORDER BY held_at, id LIMIT ?", this::row, HELD, userId, count);
        Sql.batch(connection, "DELETE FROM s2cs_held_event WHERE id = ?",
                oldest.stream().map(row -> new Object[] { row.id() }).toList());
        return oldest.stream().map(Row::item).toList();
    }

    /** When the user's oldest held event was held, or null when none is. */
    Long oldestHeldAt(Connection connection, String userId) throws SQLException {
        return Sql.queryOne(connection, "SELECT held_at FROM s2cs_held_event WHERE release_id = ? AND user_id = ? "
                + "ORDER BY held_at, id LIMIT 1", row -> row.getLong(1), HELD, userId);
    }

    /** Marks all the user's held events as part of one release. */
    void startRelease(Connection connection, String userId, String releaseId) throws SQLException {
        Sql.update(connection, "UPDATE s2cs_held_event SET release_id = ? WHERE release_id = ? AND user_id = ?",
                releaseId, HELD, userId);
    }

    /** Up to {@code limit} events of a release, oldest first, after the given position ({@link Row#START} first). */
    List<Row> releasedAfter(Connection connection, String userId, String releaseId, Row after, int limit)
            throws SQLException {
        return Sql.query(connection, "SELECT id, held_at, message FROM s2cs_held_event WHERE release_id = ? AND user_id = ? "
                + "AND (held_at > ? OR (held_at = ? AND id > ?)) ORDER BY held_at, id LIMIT ?", this::row, releaseId,
                userId, after.heldAt(), after.heldAt(), after.id(), limit);
    }

    /** Forgets a release's events once the route has processed them all. */
    void deleteRelease(Connection connection, String releaseId) throws SQLException {
        Sql.update(connection, "DELETE FROM s2cs_held_event WHERE release_id = ?", releaseId);
    }

    /** One stored event and its place in the order. */
    record Row(long id, long heldAt, Map<String, Object> message) {

        /** The position before every row. */
        static final Row START = new Row(Long.MIN_VALUE, Long.MIN_VALUE, Map.of());

        Map<String, Object> item() {
            return HoldBackStrategy.item(message, heldAt);
        }
    }

    private Row row(ResultSet row) throws SQLException {
        return new Row(row.getLong("id"), row.getLong("held_at"), read(row.getString("message")));
    }

    private String write(Map<String, Object> message) {
        try {
            return json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Held events cannot be written as JSON", e);
        }
    }

    private Map<String, Object> read(String text) {
        try {
            return json.readValue(text, new TypeReference<LinkedHashMap<String, Object>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Held events cannot be read from JSON", e);
        }
    }
}
