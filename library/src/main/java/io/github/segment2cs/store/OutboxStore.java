package io.github.segment2cs.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * ClientSuccess events waiting for delivery. Each event's messageId is registered in
 * {@code s2cs_queued_message} when it is queued, with the id of its outbox row; a delivered event
 * leaves the outbox, and the time and the status are recorded under that id in
 * {@code s2cs_delivered}. Both are kept until the de-duplication window has passed, so a message
 * routed twice after a crash is not delivered twice, and finished rows never slow the search for
 * due ones. Delivering writes no row keyed by the random messageId: outbox ids and delivery times
 * grow with time, so a delivery's rows land on index pages that many deliveries share.
 */
public class OutboxStore {

    /**
     * A condition on a row of {@code s2cs_queued_message}: the outbox row it names was delivered
     * before the time given as its parameter.
     */
    private static final String DELIVERED_BEFORE = "EXISTS (SELECT 1 FROM s2cs_delivered WHERE "
            + "s2cs_delivered.outbox_id = s2cs_queued_message.outbox_id AND delivered_at < ?)";

    private final StateDatabase database;

    private final InstanceRegistry instance;

    /** Outcomes are recorded by many delivery threads at once: they share commits. */
    private final GroupCommit outcomes;

    /** Null unless only this process opens the database: its claims are then in memory, not in the rows. */
    private final ClaimsInMemory claimsInMemory;

    public OutboxStore(StateDatabase database, InstanceRegistry instance, GroupCommit outcomes) {
        this.database = database;
        this.instance = instance;
        this.outcomes = outcomes;
        this.claimsInMemory = database.ownedByThisProcess() ? new ClaimsInMemory() : null;
    }

    /** What a row delivers: a Usage API event. */
    public static final String USAGE = "usage";
    /** What a row delivers: a group's traits, to its client's custom fields (REST API). */
    public static final String CLIENT_FIELDS = "client-fields";
    /** What a row delivers: a user's traits, to their contact's custom fields (REST API). */
    public static final String CONTACT_FIELDS = "contact-fields";

    /**
     * Something to deliver, of a {@code kind}: for a Usage API event, {@code eventId} is
     * ClientSuccess's event name (unencoded) and {@code payload} its JSON body.
     */
    public record Outgoing(String messageId, String userId, String eventId, String payload, String message,
            String kind) {

        /** A Usage API event. */
        public Outgoing(String messageId, String userId, String eventId, String payload, String message) {
            this(messageId, userId, eventId, payload, message, USAGE);
        }
    }

    /** A claimed delivery with its history so far. */
    public record Pending(long id, String messageId, String userId, String eventId, String payload, String message,
            int attempts, Long firstFailureAt, long createdAt, String kind) {
    }

    /**
     * Queues the event; false when this messageId is queued, or was delivered at or after
     * {@code windowStart} (the start of the de-duplication window). One delivered before it counts
     * as new, whether or not the purge has forgotten it yet.
     */
    public boolean enqueue(Outgoing event, long windowStart) {
        return database.inTransaction(connection -> enqueueAll(connection, List.of(event), windowStart)[0]);
    }

    /**
     * {@link #enqueue(Outgoing, long)} for many events in the caller's transaction, as one batch of
     * inserts into the outbox and one into {@code s2cs_queued_message}. Returns, per event, whether
     * it was queued.
     */
    static boolean[] enqueueAll(Connection connection, List<Outgoing> events, long windowStart) throws SQLException {
        boolean[] queued = new boolean[events.size()];
        if (events.isEmpty()) {
            return queued;
        }
        long now = System.currentTimeMillis();
        List<Object[]> rows = new ArrayList<>(events.size());
        for (Outgoing event : events) {
            rows.add(new Object[] { event.messageId(), event.userId(), event.eventId(), event.payload(), event.message(),
                    now, now, event.kind() });
        }
        long[] ids = Sql.insertAll(connection, "INSERT INTO s2cs_outbox (message_id, user_id, event_id, payload, "
                + "message, created_at, next_attempt_at, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows);
        List<Object[]> registrations = new ArrayList<>(events.size());
        for (int i = 0; i < ids.length; i++) {
            registrations.add(new Object[] { events.get(i).messageId(), now, ids[i] });
        }
        // A messageId registered already (queued, or delivered) waits for the other's transaction on either database.
        int[] registered = Sql.batch(connection, "INSERT INTO s2cs_queued_message (message_id, queued_at, outbox_id) "
                + "VALUES (?, ?, ?) ON CONFLICT DO NOTHING", registrations);
        List<Object[]> repeats = new ArrayList<>();
        for (int i = 0; i < queued.length; i++) {
            queued[i] = registered[i] != 0 || Sql.update(connection, "UPDATE s2cs_queued_message SET queued_at = ?, "
                    + "outbox_id = ? WHERE message_id = ? AND " + DELIVERED_BEFORE, now, ids[i],
                    events.get(i).messageId(), windowStart) > 0;
            if (!queued[i]) {
                repeats.add(new Object[] { ids[i] });
            }
        }
        Sql.batch(connection, "DELETE FROM s2cs_outbox WHERE id = ?", repeats);
        return queued;
    }

    /**
     * Claims up to {@code limit} due deliveries, longest due first, for {@code lease}. The scan
     * follows the {@code (next_attempt_at, id)} index and stops at {@code limit}, so its cost does
     * not grow with the backlog. Claims of an instance that died are released by
     * {@link InstanceRegistry}; the lease is the last resort. In a database only this process
     * opens, the claims are kept in memory instead ({@link ClaimsInMemory}).
     */
    public List<Pending> claimDue(int limit, Duration lease) {
        long now = System.currentTimeMillis();
        if (claimsInMemory != null) {
            List<Pending> due = database.inTransaction(connection -> Sql.query(connection, "SELECT * FROM s2cs_outbox "
                    + "WHERE next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?", OutboxStore::pending, now,
                    limit + claimsInMemory.claimed()));
            return claimsInMemory.claim(due, Pending::id, limit, now, now + lease.toMillis());
        }
        return database.inTransaction(connection -> {
            List<Pending> claimed = Sql.query(connection, "SELECT * FROM s2cs_outbox WHERE next_attempt_at <= ? "
                    + "AND lease_until < ? ORDER BY next_attempt_at, id LIMIT ?" + database.forClaim(),
                    OutboxStore::pending, now, now, limit);
            List<Object[]> updates = new ArrayList<>(claimed.size());
            for (Pending pending : claimed) {
                updates.add(new Object[] { instance.id(), now + lease.toMillis(), pending.id() });
            }
            Sql.batch(connection, "UPDATE s2cs_outbox SET owner = ?, lease_until = ? WHERE id = ?", updates);
            return claimed;
        });
    }

    /**
     * Frees what this instance claimed and did not finish. The draining route calls it before its
     * first claim of a run, when none of its claims can be in flight, so work left by a run that
     * failed (the database went away mid-claim) resumes once the database is back, not after the lease.
     */
    public int releaseOwnClaims() {
        if (claimsInMemory != null) {
            return claimsInMemory.releaseAll();
        }
        return database.inTransaction(connection -> releaseClaimsOf(connection, instance.id()));
    }

    /** Frees every outbox claim of an instance (this one, or one that died; see {@link InstanceRegistry}). */
    static int releaseClaimsOf(Connection connection, String owner) throws SQLException {
        return Sql.update(connection, "UPDATE s2cs_outbox SET owner = NULL, lease_until = 0 WHERE owner = ?", owner);
    }

    private static Pending pending(ResultSet row) throws SQLException {
        return new Pending(row.getLong("id"), row.getString("message_id"), row.getString("user_id"),
                row.getString("event_id"), row.getString("payload"), row.getString("message"), row.getInt("attempts"),
                Sql.nullableLong(row, "first_failure_at"), row.getLong("created_at"), row.getString("kind"));
    }

    /**
     * The event reached ClientSuccess (with {@code status}): it leaves the outbox, and the time and
     * the status are recorded under its outbox id (its messageId stays registered, naming that id).
     * Returns at once; the write is committed with others within milliseconds, and {@code then}
     * receives null, or the failure.
     */
    public void delivered(Pending pending, Integer status, Consumer<RuntimeException> then) {
        long now = System.currentTimeMillis();
        outcomes.commitLater(connection -> {
            Sql.update(connection, "DELETE FROM s2cs_outbox WHERE id = ?", pending.id());
            // Another instance may have delivered it too, after this one's claim had lapsed.
            Sql.update(connection, "INSERT INTO s2cs_delivered (outbox_id, message_id, delivered_at, status) "
                    + "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", pending.id(), pending.messageId(), now, status);
        }, failure -> {
            if (failure == null) {
                finished(pending.id());
            }
            then.accept(failure);
        });
    }

    /** Commits the outcomes {@link #delivered} has queued; returns once each is committed or has failed. */
    public void flushOutcomes() {
        outcomes.flush();
    }

    /** The routes ended the delivery without sending it: it leaves the outbox, with the reason on record. */
    public void skipped(Pending pending, String reason) {
        long now = System.currentTimeMillis();
        outcomes.commit(connection -> {
            leave(connection, pending);
            MessageHistory.record(connection, List.of(queued(pending), new MessageHistory.Step(pending.messageId(), now,
                    "skipped", reason)));
        });
        finished(pending.id());
    }

    /** Records a transient failure and when to try again. */
    public void retryAt(long id, long nextAttemptAt, Integer status, String error) {
        long now = System.currentTimeMillis();
        outcomes.commit(connection -> Sql.update(connection,
                "UPDATE s2cs_outbox SET attempts = attempts + 1, next_attempt_at = ?, last_status = ?, last_error = ?, "
                        + "first_failure_at = COALESCE(first_failure_at, ?), owner = NULL, lease_until = 0 WHERE id = ?",
                nextAttemptAt, status, error, now, id));
        finished(id);
    }

    /** Gives a claimed delivery back untried (the circuit opened while it waited). */
    public void release(long id) {
        if (claimsInMemory != null) {
            claimsInMemory.release(id);
            return;
        }
        outcomes.commit(connection -> Sql.update(connection,
                "UPDATE s2cs_outbox SET owner = NULL, lease_until = 0 WHERE id = ?", id));
    }

    /** Moves a delivery that will never succeed to the dead-letter store, in one transaction. */
    public void deadLetter(Pending pending, String reason, Integer status, String responseBody) {
        long now = System.currentTimeMillis();
        outcomes.commit(connection -> {
            MessageHistory.record(connection, List.of(queued(pending)));
            DeadLetterStore.insert(connection, new DeadLetterStore.NewDeadLetter(pending.messageId(), pending.userId(),
                    pending.eventId(), reason, status, responseBody, pending.attempts() + 1,
                    pending.firstFailureAt() == null ? now : pending.firstFailureAt(), pending.message()));
            leave(connection, pending);
        });
        finished(pending.id());
    }

    /**
     * The event leaves the outbox undelivered (skipped, or dead-lettered), and its messageId with
     * it: the messageId may be queued again, as after a replay.
     */
    private static void leave(Connection connection, Pending pending) throws SQLException {
        Sql.update(connection, "DELETE FROM s2cs_outbox WHERE id = ?", pending.id());
        Sql.update(connection, "DELETE FROM s2cs_queued_message WHERE message_id = ? AND outbox_id = ?",
                pending.messageId(), pending.id());
    }

    /**
     * The claim's outcome is committed: a claim kept in memory ends here (one written to the row
     * ended with the row's change).
     */
    private void finished(long id) {
        if (claimsInMemory != null) {
            claimsInMemory.release(id);
        }
    }

    /**
     * The step routing does not record (see {@code InboxPoller}), for a delivery leaving the outbox
     * other than delivered: once the row is gone, its queued time would be lost with it.
     */
    private static MessageHistory.Step queued(Pending pending) {
        return new MessageHistory.Step(pending.messageId(), pending.createdAt(), MessageHistory.QUEUED, null);
    }

    public long waiting() {
        return database.rowCount("s2cs_outbox");
    }

    /**
     * Whether {@code count} or more deliveries are due now (claimed or not). Asked while routing
     * waits for delivery ({@code RoutingPace}), so its cost must not grow with the backlog: the
     * bound of {@link StateDatabase#rowsAtMost} answers first, and only an outbox that may hold
     * {@code count} or more is counted, by a count that stops at {@code count}.
     */
    public boolean dueAtLeast(long count) {
        if (database.rowsAtMost("s2cs_outbox") < count) {
            return false;
        }
        return database.inTransaction(connection -> Sql.queryOne(connection, "SELECT COUNT(*) FROM (SELECT 1 "
                + "FROM s2cs_outbox WHERE next_attempt_at <= ? LIMIT ?) due", row -> row.getLong(1),
                System.currentTimeMillis(), count)) >= count;
    }

    /**
     * Forgets events delivered before {@code cutoff} (the start of the de-duplication window): their
     * messageIds' registrations, unless the messageId was queued again since, then their outcomes.
     * Both are found from the outcomes' time index, whatever the number of messageIds registered.
     */
    public int forgetDeliveredBefore(long cutoff) {
        return database.inTransaction(connection -> {
            Sql.update(connection, "DELETE FROM s2cs_queued_message WHERE message_id IN (SELECT message_id FROM "
                    + "s2cs_delivered WHERE delivered_at < ?) AND " + DELIVERED_BEFORE, cutoff, cutoff);
            return Sql.update(connection, "DELETE FROM s2cs_delivered WHERE delivered_at < ?", cutoff);
        });
    }
}
