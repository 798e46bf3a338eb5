package io.github.segment2cs.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What became of a message, for an operator asking "what happened to this event?". The steps a
 * message takes once routed are recorded in {@code message_step}, in the transaction that takes
 * them; the rest is read from where the message is now (the seen messageIds, the inbox, the held
 * events, the outbox, the delivered messageIds, the dead letters).
 */
public class MessageHistory {

    /** A step and its detail (a skip or dead-letter reason, a status); null detail for none. */
    public record Step(String messageId, long at, String step, String detail) {
    }

    /** The message's fate now, and every step on record, oldest first. */
    public record Fate(String messageId, String fate, String reason, List<Step> history) {
    }

    static final String DEAD_LETTERED = "dead-lettered";
    static final String QUEUED = "queued";
    /** Sources that are not write keys, shown as they are. */
    private static final Set<String> NAMED_SOURCES = Set.of("webhook", "anonymous", DeadLetterStore.REPLAY_SOURCE);

    private final StateDatabase database;

    public MessageHistory(StateDatabase database) {
        this.database = database;
    }

    /** Records steps in the caller's transaction. */
    public static void record(Connection connection, List<Step> steps) throws SQLException {
        List<Object[]> rows = new ArrayList<>(steps.size());
        for (Step step : steps) {
            rows.add(new Object[] { Sql.clip(step.messageId(), 200), step.at(), step.step(), Sql.clip(step.detail(), 500) });
        }
        Sql.batch(connection, "INSERT INTO s2cs_message_step (message_id, step_at, step, detail) VALUES (?, ?, ?, ?)", rows);
    }

    /** Records one step in a transaction of its own. */
    public void add(Step step) {
        database.inTransaction(connection -> {
            record(connection, List.of(step));
            return null;
        });
    }

    public Optional<Fate> of(String messageId) {
        return database.inTransaction(connection -> {
            List<Step> history = new ArrayList<>();
            for (Step received : Sql.query(connection, "SELECT source, seen_at FROM s2cs_seen_message WHERE message_id = ?",
                    row -> new Step(messageId, row.getLong("seen_at"), "received", "from " + source(row.getString("source"))),
                    messageId)) {
                history.add(received);
            }
            history.addAll(Sql.query(connection, "SELECT step_at, step, detail FROM s2cs_message_step WHERE message_id = ? "
                    + "ORDER BY id", row -> new Step(messageId, row.getLong("step_at"), row.getString("step"),
                            row.getString("detail")), messageId));
            // Routing records no queued step (InboxPoller): the messageId's registration keeps the time.
            history.addAll(Sql.query(connection, "SELECT queued_at FROM s2cs_queued_message WHERE message_id = ? "
                    + "AND queued_at IS NOT NULL", row -> new Step(messageId, row.getLong(1), QUEUED, null), messageId));
            String fate = null;
            String reason = null;
            Step deadLetter = Sql.queryOne(connection, "SELECT last_failure_at, reason FROM s2cs_dead_letter WHERE "
                    + "message_id = ?", row -> new Step(messageId, row.getLong(1), DEAD_LETTERED, row.getString(2)),
                    messageId);
            // The messageId's registration names its outbox row: waiting there, or its outcome recorded.
            Step delivered = Sql.queryOne(connection, "SELECT d.delivered_at, d.status FROM s2cs_queued_message q "
                    + "JOIN s2cs_delivered d ON d.outbox_id = q.outbox_id WHERE q.message_id = ?", row -> new Step(
                            messageId, row.getLong(1), "delivered", row.getObject(2) == null ? null : "HTTP "
                                    + row.getInt(2)), messageId);
            Step queued = Sql.queryOne(connection, "SELECT o.created_at, o.attempts, o.last_status, o.last_error "
                    + "FROM s2cs_queued_message q JOIN s2cs_outbox o ON o.id = q.outbox_id WHERE q.message_id = ?",
                    row -> new Step(messageId, row.getLong("created_at"),
                            "awaiting delivery", row.getInt("attempts") == 0 ? "not tried yet"
                                    : row.getInt("attempts") + " attempts, the last: "
                                            + (row.getObject("last_status") != null ? "HTTP " + row.getInt("last_status")
                                                    : row.getString("last_error"))), messageId);
            Step held = Sql.queryOne(connection, "SELECT held_at, user_id FROM s2cs_held_event WHERE message_id = ? "
                    + "ORDER BY held_at LIMIT 1", row -> new Step(messageId, row.getLong(1), "held",
                            "until user " + row.getString(2) + " has a group"), messageId);
            Step awaiting = Sql.queryOne(connection, "SELECT received_at FROM s2cs_inbox WHERE message_id = ? LIMIT 1",
                    row -> new Step(messageId, row.getLong(1), "awaiting routing", null), messageId);
            for (Step now : new Step[] { deadLetter, delivered, queued, held, awaiting }) {
                if (now != null && fate == null) {
                    fate = now.step();
                    reason = now.detail();
                }
                // A dead letter's own step is on record (in message_step) from the time it was parked.
                if (now != null && now != deadLetter) {
                    history.add(now);
                }
            }
            if (history.isEmpty()) {
                return Optional.<Fate>empty();
            }
            history.sort(Comparator.comparingLong(Step::at));
            if (fate == null) {
                Step last = history.get(history.size() - 1);
                fate = last.step();
                reason = last.detail();
            }
            return Optional.of(new Fate(messageId, fate, reason, history));
        });
    }

    /** Forgets steps older than the de-duplication window. */
    public int forgetBefore(long cutoff) {
        return database.inTransaction(connection -> Sql.update(connection,
                "DELETE FROM s2cs_message_step WHERE step_at < ?", cutoff));
    }

    /** A write key is shown by its first four characters only. */
    private static String source(String source) {
        if (NAMED_SOURCES.contains(source)) {
            return source;
        }
        return "write key " + (source.length() > 8 ? source.substring(0, 4) : "") + "…";
    }

}
