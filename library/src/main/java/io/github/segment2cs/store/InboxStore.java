package io.github.segment2cs.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Accepted messages, recorded durably before the sender is answered, and drained by the processing
 * route. Also remembers each (source, messageId) for de-duplication.
 */
public class InboxStore {

    private final StateDatabase database;
    private final InstanceRegistry instance;
    /** How long a (source, messageId) is remembered: a repeat within it is a duplicate. */
    private final Duration dedupWindow;
    /** Null unless only this process opens the database: its claims are then in memory, not in the rows. */
    private final ClaimsInMemory claimsInMemory;

    public InboxStore(StateDatabase database, InstanceRegistry instance, Duration dedupWindow) {
        this.database = database;
        this.instance = instance;
        this.dedupWindow = dedupWindow;
        this.claimsInMemory = database.ownedByThisProcess() ? new ClaimsInMemory() : null;
    }

    /** A message the receiving side accepted, with its {@code SegmentMessage#orderKey}. */
    public record Accepted(String source, String messageId, String orderKey, long receivedAt, String json) {
    }

    /** A message waiting to be routed; messages with the same order key are routed in order (null: with all). */
    public record Entry(long id, String messageId, String orderKey, long receivedAt, String json) {
    }

    /**
     * Records the messages in one transaction. Returns, per message, whether it was new (false: a
     * duplicate of one seen from the same source within the de-duplication window, in this batch or
     * before).
     */
    public boolean[] accept(List<Accepted> messages) {
        if (messages.isEmpty()) {
            return new boolean[0];
        }
        // The sender is answered next: the messages must be on file by then.
        return database.inDurableTransaction(connection -> {
            boolean[] fresh = markSeen(connection, messages,
                    System.currentTimeMillis() - dedupWindow.toMillis());
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO s2cs_inbox (source, message_id, order_key, received_at, message) VALUES (?, ?, ?, ?, ?)")) {
                for (int i = 0; i < messages.size(); i++) {
                    if (fresh[i]) {
                        Accepted message = messages.get(i);
                        insert.setString(1, message.source());
                        insert.setString(2, message.messageId());
                        insert.setString(3, message.orderKey());
                        insert.setLong(4, message.receivedAt());
                        insert.setString(5, message.json());
                        insert.addBatch();
                    }
                }
                insert.executeBatch();
            }
            return fresh;
        });
    }

    /**
     * Remembers each messageId. One seen before the window began (the hourly purge has not removed
     * it yet) counts as new and is seen again from now: the window is compared here, not only when
     * purging.
     */
    private static boolean[] markSeen(Connection connection, List<Accepted> messages, long windowStart)
            throws SQLException {
        boolean[] fresh = new boolean[messages.size()];
        try (PreparedStatement seen = connection.prepareStatement(
                "INSERT INTO s2cs_seen_message (source, message_id, seen_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (Accepted message : messages) {
                seen.setString(1, message.source());
                seen.setString(2, message.messageId());
                seen.setLong(3, message.receivedAt());
                seen.addBatch();
            }
            int[] counts = seen.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                fresh[i] = counts[i] != 0;
            }
        }
        for (int i = 0; i < fresh.length; i++) {
            if (!fresh[i]) {
                Accepted message = messages.get(i);
                fresh[i] = Sql.update(connection, "UPDATE s2cs_seen_message SET seen_at = ? WHERE source = ? "
                        + "AND message_id = ? AND seen_at < ?", message.receivedAt(), message.source(),
                        message.messageId(), windowStart) > 0;
            }
        }
        return fresh;
    }

    /** Puts a message back in line for routing (dead-letter replay, operator release), in order with all. */
    public void requeue(Connection connection, String source, String messageId, String json) throws SQLException {
        Sql.update(connection, "INSERT INTO s2cs_inbox (source, message_id, received_at, message) VALUES (?, ?, ?, ?)",
                source, messageId, System.currentTimeMillis(), json);
    }

    /**
     * Claims the oldest {@code limit} unclaimed messages for this instance for {@code lease}, in the
     * order they arrived. The scan follows the primary key and stops at {@code limit}, so its cost
     * does not grow with the backlog. Claims of an instance that died are released by
     * {@link InstanceRegistry}; the lease is the last resort. In a database only this process
     * opens, the claims are kept in memory instead ({@link ClaimsInMemory}).
     */
    public List<Entry> claim(int limit, Duration lease) {
        long now = System.currentTimeMillis();
        if (claimsInMemory != null) {
            List<Entry> oldest = database.inTransaction(connection -> Sql.query(connection, "SELECT id, message_id, "
                    + "order_key, received_at, message FROM s2cs_inbox ORDER BY id LIMIT ?", InboxStore::entry,
                    limit + claimsInMemory.claimed()));
            return claimsInMemory.claim(oldest, Entry::id, limit, now, now + lease.toMillis());
        }
        return database.inTransaction(connection -> {
            List<Entry> claimed = Sql.query(connection, "SELECT id, message_id, order_key, received_at, message FROM s2cs_inbox "
                    + "WHERE lease_until < ? ORDER BY id LIMIT ?" + database.forClaim(), InboxStore::entry, now, limit);
            List<Object[]> updates = new ArrayList<>(claimed.size());
            for (Entry entry : claimed) {
                updates.add(new Object[] { instance.id(), now + lease.toMillis(), entry.id() });
            }
            Sql.batch(connection, "UPDATE s2cs_inbox SET owner = ?, lease_until = ? WHERE id = ?", updates);
            return claimed;
        });
    }

    private static Entry entry(ResultSet row) throws SQLException {
        return new Entry(row.getLong("id"), row.getString("message_id"), row.getString("order_key"),
                row.getLong("received_at"), row.getString("message"));
    }

    /** Frees what this instance claimed and did not finish; see {@link OutboxStore#releaseOwnClaims}. */
    public int releaseOwnClaims() {
        if (claimsInMemory != null) {
            return claimsInMemory.releaseAll();
        }
        return database.inTransaction(connection -> releaseClaimsOf(connection, instance.id()));
    }

    /** Frees every inbox claim of an instance (this one, or one that died; see {@link InstanceRegistry}). */
    static int releaseClaimsOf(Connection connection, String owner) throws SQLException {
        return Sql.update(connection, "UPDATE s2cs_inbox SET owner = NULL, lease_until = 0 WHERE owner = ?", owner);
    }

    /**
     * Ends routing: the events are queued for delivery, the routed messages leave the inbox, and
     * what routing did with them is recorded, in one transaction. Returns, per event, whether it
     * was queued (false: its messageId was already queued or delivered; see {@link OutboxStore#enqueue}).
     * <p>
     * On the embedded H2 file it returns without waiting for its commit to be written: nobody
     * outside is told that a claim ended. What routing wrote reaches the file with the next write
     * that someone waits for (a sender's answer, a delivery's outcome), and before any of its
     * events' outcomes, which come later. A crash therefore routes again only claims nobody was
     * told of, as it does a claim under way, and routing them again doubles nothing (see the
     * README, "Delivery guarantees"). Waiting here made routing alone about a fifth slower.
     */
    public boolean[] finish(List<Long> routed, List<MessageHistory.Step> steps, List<OutboxStore.Outgoing> events,
            long windowStart) {
        boolean[] queued = database.inTransaction(connection -> {
            boolean[] enqueued = OutboxStore.enqueueAll(connection, events, windowStart);
            Sql.batch(connection, "DELETE FROM s2cs_inbox WHERE id = ?", routed.stream().map(id -> new Object[] { id })
                    .toList());
            MessageHistory.record(connection, steps);
            return enqueued;
        });
        if (claimsInMemory != null) {
            claimsInMemory.release(routed);
        }
        return queued;
    }

    /** How many messages wait to be routed (see {@link StateDatabase#rowCount}). */
    public long pending() {
        return database.rowCount("s2cs_inbox");
    }

    /**
     * Whether {@code count} or more messages wait to be routed. Asked often while acceptance waits
     * for routing (BacklogGate), so its cost must not grow with the backlog: the bound of
     * {@link StateDatabase#rowsAtMost} answers first. On H2 that bound is the count itself; on
     * PostgreSQL only a bound of {@code count} or more is counted, and the count stops at {@code count}.
     */
    public boolean pendingAtLeast(long count) {
        if (database.rowsAtMost("s2cs_inbox") < count) {
            return false;
        }
        return !database.isPostgresql() || database.inTransaction(connection -> Sql.queryOne(connection,
                "SELECT COUNT(*) FROM (SELECT 1 FROM s2cs_inbox LIMIT ?) waiting", row -> row.getLong(1),
                count)) >= count;
    }

    /** Forgets messageIds older than the de-duplication window. */
    public int forgetSeenBefore(long cutoff) {
        return database.inTransaction(
                connection -> Sql.update(connection, "DELETE FROM s2cs_seen_message WHERE seen_at < ?", cutoff));
    }
}
