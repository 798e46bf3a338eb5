package io.github.segment2cs.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * ClientSuccess events waiting for delivery. Delivered rows stay (marked) until the de-duplication
 * window has passed, so a message routed twice after a crash is not delivered twice.
 */
@ApplicationScoped
public class OutboxStore {

    @Inject
    StateDatabase database;

    @Inject
    InstanceRegistry instance;

    /** An event to deliver: {@code eventId} is ClientSuccess's (unencoded), {@code payload} its JSON body. */
    public record Outgoing(String messageId, String userId, String eventId, String payload, String message) {
    }

    /** A claimed delivery with its history so far. */
    public record Pending(long id, String messageId, String userId, String eventId, String payload, String message,
            int attempts, Long firstFailureAt, long createdAt) {
    }

    /**
     * Queues the event; false when this messageId is queued, or was delivered at or after
     * {@code windowStart} (the start of the de-duplication window). One delivered before it is
     * forgotten now rather than at the next purge.
     */
    public boolean enqueue(Outgoing event, long windowStart) {
        long now = System.currentTimeMillis();
        return database.inTransaction(connection -> {
            Sql.update(connection, "DELETE FROM outbox WHERE message_id = ? AND delivered_at < ?", event.messageId(),
                    windowStart);
            return Sql.update(connection,
                    "INSERT INTO outbox (message_id, user_id, event_id, payload, message, created_at, next_attempt_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    event.messageId(), event.userId(), event.eventId(), event.payload(), event.message(), now,
                    now) > 0;
        });
    }

    /** Claims due deliveries for {@code lease}; claims of an instance that died are free again. */
    public List<Pending> claimDue(int limit, Duration lease) {
        String claim = UUID.randomUUID().toString();
        long now = System.currentTimeMillis();
        Object[] claimable = InstanceRegistry.claimableParameters(now);
        return database.inTransaction(connection -> {
            int claimed = Sql.update(connection,
                    "UPDATE outbox SET claim = ?, owner = ?, lease_until = ? WHERE delivered_at IS NULL "
                            + "AND next_attempt_at <= ? AND " + InstanceRegistry.CLAIMABLE
                            + " AND id IN (SELECT id FROM outbox WHERE delivered_at IS NULL AND next_attempt_at <= ? AND "
                            + InstanceRegistry.CLAIMABLE + " ORDER BY next_attempt_at, id LIMIT ?)",
                    claim, instance.id(), now + lease.toMillis(), now, claimable[0], claimable[1], now, claimable[0],
                    claimable[1], limit);
            if (claimed == 0) {
                return new ArrayList<>();
            }
            return Sql.query(connection, "SELECT * FROM outbox WHERE claim = ? ORDER BY next_attempt_at, id",
                    OutboxStore::pending, claim);
        });
    }

    private static Pending pending(ResultSet row) throws SQLException {
        return new Pending(row.getLong("id"), row.getString("message_id"), row.getString("user_id"),
                row.getString("event_id"), row.getString("payload"), row.getString("message"), row.getInt("attempts"),
                Sql.nullableLong(row, "first_failure_at"), row.getLong("created_at"));
    }

    public void delivered(long id, int status) {
        long now = System.currentTimeMillis();
        database.inTransaction(connection -> Sql.update(connection,
                "UPDATE outbox SET delivered_at = ?, attempts = attempts + 1, last_status = ?, claim = NULL, "
                        + "lease_until = 0 WHERE id = ?",
                now, status, id));
    }

    /** Records a transient failure and when to try again. */
    public void retryAt(long id, long nextAttemptAt, Integer status, String error) {
        long now = System.currentTimeMillis();
        database.inTransaction(connection -> Sql.update(connection,
                "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_status = ?, last_error = ?, "
                        + "first_failure_at = COALESCE(first_failure_at, ?), claim = NULL, lease_until = 0 WHERE id = ?",
                nextAttemptAt, status, error, now, id));
    }

    /** Gives a claimed delivery back untried (the circuit opened while it waited). */
    public void release(long id) {
        database.inTransaction(connection -> Sql.update(connection,
                "UPDATE outbox SET claim = NULL, lease_until = 0 WHERE id = ?", id));
    }

    /** Moves a delivery that will never succeed to the dead-letter store, in one transaction. */
    public void deadLetter(Pending pending, String reason, Integer status, String responseBody) {
        long now = System.currentTimeMillis();
        database.inTransaction(connection -> {
            DeadLetterStore.insert(connection, new DeadLetterStore.NewDeadLetter(pending.messageId(), pending.userId(),
                    pending.eventId(), reason, status, responseBody, pending.attempts() + 1,
                    pending.firstFailureAt() == null ? now : pending.firstFailureAt(), pending.message()));
            return Sql.update(connection, "DELETE FROM outbox WHERE id = ?", pending.id());
        });
    }

    public long waiting() {
        return database.inTransaction(connection -> Sql.queryOne(connection,
                "SELECT COUNT(*) AS n FROM outbox WHERE delivered_at IS NULL", row -> row.getLong("n")));
    }

    /** Forgets delivered events older than the de-duplication window. */
    public int forgetDeliveredBefore(long cutoff) {
        return database.inTransaction(connection -> Sql.update(connection,
                "DELETE FROM outbox WHERE delivered_at IS NOT NULL AND delivered_at < ?", cutoff));
    }
}
