package io.github.segment2cs.store;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.UUID;

/**
 * This instance's identity and heartbeat (every 2 s, routes/housekeeping.yaml) in the state database. Claims on inbox and outbox rows
 * name their owner; once an owner's heartbeat is older than {@link #STALE_AFTER_MILLIS} (it was
 * killed), its claims are free, so a restart resumes within seconds instead of waiting out leases.
 */
@ApplicationScoped
@Named("instanceRegistry")
@RegisterForReflection(methods = true)
public class InstanceRegistry {

    public static final long STALE_AFTER_MILLIS = 10_000;

    /** SQL condition: the row's claim is free (lease over, or owner no longer alive). */
    static final String CLAIMABLE = "(lease_until < ? OR owner NOT IN (SELECT id FROM instance WHERE heartbeat_at >= ?))";

    private final String id = UUID.randomUUID().toString();

    @Inject
    StateDatabase database;

    public String id() {
        return id;
    }

    void register(@Observes StartupEvent event) {
        heartbeat();
    }

    public void heartbeat() {
        long now = System.currentTimeMillis();
        database.inTransaction(connection -> {
            Sql.upsert(connection, "UPDATE instance SET heartbeat_at = ? WHERE id = ?", new Object[] { now, id },
                    "INSERT INTO instance (id, heartbeat_at) VALUES (?, ?)", new Object[] { id, now });
            return Sql.update(connection, "DELETE FROM instance WHERE heartbeat_at < ?", now - 10 * STALE_AFTER_MILLIS);
        });
    }

    void deregister(@Observes ShutdownEvent event) {
        database.inTransaction(connection -> Sql.update(connection, "DELETE FROM instance WHERE id = ?", id));
    }

    /** The parameters of {@link #CLAIMABLE} at {@code now}. */
    static Object[] claimableParameters(long now) {
        return new Object[] { now, now - STALE_AFTER_MILLIS };
    }
}
