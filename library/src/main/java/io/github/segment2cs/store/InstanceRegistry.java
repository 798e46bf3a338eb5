package io.github.segment2cs.store;

import java.util.List;
import java.util.UUID;

/**
 * This instance's identity and heartbeat (every 2 s, routes/housekeeping.yaml) in the state
 * database. Claims on inbox and outbox rows name their owner. Once an owner's heartbeat is older
 * than {@link #STALE_AFTER_MILLIS} (it was killed), the next heartbeat of a live instance releases
 * its claims, then forgets it, so a restart resumes within seconds instead of waiting out leases.
 */
public class InstanceRegistry {

    public static final long STALE_AFTER_MILLIS = 10_000;

    private final String id = UUID.randomUUID().toString();

    private final StateDatabase database;

    public InstanceRegistry(StateDatabase database) {
        this.database = database;
    }

    public String id() {
        return id;
    }

    public void heartbeat() {
        long now = System.currentTimeMillis();
        database.inTransaction(connection -> {
            Sql.upsert(connection, "UPDATE s2cs_instance SET heartbeat_at = ? WHERE id = ?", new Object[] { now, id },
                    "INSERT INTO s2cs_instance (id, heartbeat_at) VALUES (?, ?)", new Object[] { id, now });
            return null;
        });
        long staleBefore = now - STALE_AFTER_MILLIS;
        List<String> dead = database.inTransaction(connection -> Sql.query(connection,
                "SELECT id FROM s2cs_instance WHERE heartbeat_at < ?", row -> row.getString(1), staleBefore));
        dead.forEach(instance -> forget(instance, staleBefore));
    }

    /** On a graceful stop: what this instance claimed and did not finish is free for the others at once. */
    public void deregister() {
        forget(id, Long.MAX_VALUE);
    }

    /** Forgets the instance, and releases its claims, unless it has beaten since {@code staleBefore}. */
    private void forget(String instanceId, long staleBefore) {
        database.inTransaction(connection -> {
            if (Sql.update(connection, "DELETE FROM s2cs_instance WHERE id = ? AND heartbeat_at < ?", instanceId,
                    staleBefore) == 0) {
                return 0;
            }
            InboxStore.releaseClaimsOf(connection, instanceId);
            return OutboxStore.releaseClaimsOf(connection, instanceId);
        });
    }
}
