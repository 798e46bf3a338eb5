package io.github.segment2cs.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Events that will not reach ClientSuccess on their own, kept for inspection and replay. */
public class DeadLetterStore {

    /** Where replayed messages re-enter; the processing route treats them like new arrivals. */
    static final String REPLAY_SOURCE = "replay";

    private final StateDatabase database;

    private final InboxStore inbox;

    public DeadLetterStore(StateDatabase database, InboxStore inbox) {
        this.database = database;
        this.inbox = inbox;
    }

    public record NewDeadLetter(String messageId, String userId, String eventId, String reason, Integer lastStatus,
            String responseBody, int attempts, long firstFailureAt, String message) {
    }

    public record DeadLetter(long id, String messageId, String userId, String eventId, String reason,
            Integer lastStatus, String responseBody, int attempts, long firstFailureAt, long lastFailureAt,
            String message) {
    }

    /** Parks a message; a message already parked stays as it was (re-processing is idempotent). */
    public void park(NewDeadLetter deadLetter) {
        database.inTransaction(connection -> insert(connection, deadLetter));
    }

    /**
     * Parks a message in the caller's transaction; returns 0 when it was parked already. The
     * columns shown in listings are cut to their size: a message is often parked because a value
     * was too long for the store, and parking it must not fail for the same reason (the whole
     * message is kept as it was).
     */
    public static int insert(Connection connection, NewDeadLetter d) throws SQLException {
        long now = System.currentTimeMillis();
        int parked = Sql.update(connection,
                "INSERT INTO s2cs_dead_letter (message_id, user_id, event_id, reason, last_status, response_body, attempts, "
                        + "first_failure_at, last_failure_at, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT DO NOTHING",
                Sql.clip(d.messageId(), 200), Sql.clip(d.userId(), 200), Sql.clip(d.eventId(), 500),
                Sql.clip(d.reason(), 500), d.lastStatus(), d.responseBody(), d.attempts(), d.firstFailureAt(), now,
                d.message());
        if (parked > 0) {
            MessageHistory.record(connection,
                    List.of(new MessageHistory.Step(d.messageId(), now, MessageHistory.DEAD_LETTERED, d.reason())));
        }
        return parked;
    }

    /** A page of dead letters, oldest first, optionally only those whose reason starts with {@code reason}. */
    public List<DeadLetter> list(String reason, int offset, int limit) {
        return database.inTransaction(connection -> reason == null
                ? Sql.query(connection, "SELECT * FROM s2cs_dead_letter ORDER BY id LIMIT ? OFFSET ?",
                        DeadLetterStore::deadLetter, limit, offset)
                : Sql.query(connection, "SELECT * FROM s2cs_dead_letter WHERE reason LIKE ? ORDER BY id LIMIT ? OFFSET ?",
                        DeadLetterStore::deadLetter, reason + "%", limit, offset));
    }

    /** How many dead letters there are, or how many whose reason starts with {@code reason}. */
    public long count(String reason) {
        if (reason == null) {
            return database.rowCount("s2cs_dead_letter");
        }
        return database.inTransaction(connection -> Sql.queryOne(connection,
                "SELECT COUNT(*) AS n FROM s2cs_dead_letter WHERE reason LIKE ?", row -> row.getLong("n"), reason + "%"));
    }

    /**
     * Puts dead letters back in line for processing, in one transaction per call: the given one, or
     * all when {@code id} is null. Returns how many.
     */
    public int replay(Long id) {
        return database.inDurableTransaction(connection -> {
            List<DeadLetter> letters = id == null
                    ? Sql.query(connection, "SELECT * FROM s2cs_dead_letter ORDER BY id", DeadLetterStore::deadLetter)
                    : Sql.query(connection, "SELECT * FROM s2cs_dead_letter WHERE id = ?", DeadLetterStore::deadLetter, id);
            long now = System.currentTimeMillis();
            List<MessageHistory.Step> replayed = new ArrayList<>();
            for (DeadLetter letter : letters) {
                inbox.requeue(connection, REPLAY_SOURCE, letter.messageId(), letter.message());
                Sql.update(connection, "DELETE FROM s2cs_dead_letter WHERE id = ?", letter.id());
                replayed.add(new MessageHistory.Step(letter.messageId(), now, "replayed", "by an operator"));
            }
            MessageHistory.record(connection, replayed);
            return letters.size();
        });
    }

    public boolean delete(long id) {
        return database.inDurableTransaction(connection -> Sql.update(connection, "DELETE FROM s2cs_dead_letter WHERE id = ?",
                id)) > 0;
    }

    private static DeadLetter deadLetter(ResultSet row) throws SQLException {
        return new DeadLetter(row.getLong("id"), row.getString("message_id"), row.getString("user_id"),
                row.getString("event_id"), row.getString("reason"), Sql.nullableInt(row, "last_status"),
                row.getString("response_body"), row.getInt("attempts"), row.getLong("first_failure_at"),
                row.getLong("last_failure_at"), row.getString("message"));
    }
}
