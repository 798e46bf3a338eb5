package io.github.segment2cs.holdback;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.segment2cs.deadletter.DeadLetterParker;
import io.github.segment2cs.settings.Settings;
import io.github.segment2cs.store.DeadLetterStore;
import io.github.segment2cs.store.InstanceRegistry;
import io.github.segment2cs.store.Sql;
import io.github.segment2cs.store.StateDatabase;
import io.github.segment2cs.store.StateUnavailable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.spi.OptimisticLockingAggregationRepository;
import org.apache.camel.spi.RecoverableAggregationRepository;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hold-back aggregator's repository, in the state database (no Java serialization). Each held
 * event is a row of its own ({@link HeldEventRows}); each user with held events has one small row
 * with the count, the oldest event's time, the exchange's simple headers and properties, and a
 * version for optimistic locking between threads and instances. So holding an event is one insert,
 * and the aggregate exchange never carries the user's events: its body is only what the current
 * step adds. An event is stored only while its user has no membership, checked under the user's
 * lock, so it cannot race the group call that would release it.
 *
 * <p>A completed aggregate's events are marked with its exchange id and stay until the route
 * confirms it processed them, so a crash while releasing loses nothing: Camel's recovery task
 * replays them. The completed exchange's body is {@link ReleasedEvents}, read in chunks.
 */
public class HeldEventRepository implements OptimisticLockingAggregationRepository, RecoverableAggregationRepository {

    private static final Logger LOG = LoggerFactory.getLogger(HeldEventRepository.class);

    static final String VERSION = "heldVersion";
    /** Property set by {@link #get}: how many events the user has held. */
    static final String COUNT = "heldCount";
    /**
     * This instance's own releases younger than this are left to the aggregator, which marks a
     * release in progress a moment after {@link #remove} stored it; older ones that are not in
     * progress failed (e.g. in a database outage), and its recovery task resumes them.
     */
    static final long OWN_RELEASE_GRACE_MILLIS = 2_000;

    /**
     * The aggregator's own properties a release is recovered with: how the group completed (without
     * it Camel's recovery task failed, and stopped for good; a timed-out release also needs it to be
     * told from a group call) and the user, which Camel names when it resubmits the release.
     */
    private static final List<ExchangePropertyKey> AGGREGATION_KEYS = List.of(
            ExchangePropertyKey.AGGREGATED_CORRELATION_KEY, ExchangePropertyKey.AGGREGATED_COMPLETED_BY);

    private final StateDatabase database;
    private final InstanceRegistry instance;
    private final HeldEventRows rows;
    private final DeadLetterParker deadLetters;
    private final ObjectMapper json;
    private final int cap;
    /** How often Camel's recovery task looks for releases to resume (see {@link #scan}). */
    private long recoveryInterval = 2_000;

    public HeldEventRepository(StateDatabase database, InstanceRegistry instance, HeldEventRows rows,
            DeadLetterParker deadLetters, ObjectMapper json, Settings.Holdback config) {
        this.database = database;
        this.instance = instance;
        this.rows = rows;
        this.deadLetters = deadLetters;
        this.json = json;
        this.cap = config.maxEventsPerUser();
    }

    private record Stored(int added, List<DeadLetterStore.NewDeadLetter> overflow) {
    }

    @Override
    public Exchange add(CamelContext camelContext, String key, Exchange oldExchange, Exchange newExchange) {
        List<Map<String, Object>> adding = adding(newExchange);
        String document = serialize(newExchange);
        long now = System.currentTimeMillis();
        Stored stored = database.inTransaction(connection -> {
            database.lockUser(connection, key);
            if (isMember(connection, key)) {
                // Grouped since the strategy looked (on another instance): aggregate again, and release.
                return null;
            }
            int count = 0;
            if (oldExchange == null) {
                if (Sql.update(connection, "INSERT INTO s2cs_held_aggregate (correlation_key, exchange, event_count, "
                        + "oldest_at, version, updated_at) VALUES (?, ?, 0, ?, 1, ?) ON CONFLICT DO NOTHING",
                        key, document, now, now) == 0) {
                    return null;
                }
            } else {
                if (Sql.update(connection, "UPDATE s2cs_held_aggregate SET exchange = ?, version = version + 1, "
                        + "updated_at = ? WHERE correlation_key = ? AND version = ?",
                        document, now, key, versionOf(oldExchange)) == 0) {
                    return null;
                }
                count = oldExchange.getProperty(COUNT, 0, Integer.class);
            }
            int added = rows.insert(connection, key, HeldEventRows.HELD, adding);
            List<DeadLetterStore.NewDeadLetter> overflow = new ArrayList<>();
            for (Map<String, Object> item : rows.removeOldest(connection, key, Math.max(0, count + added - cap))) {
                DeadLetterStore.NewDeadLetter letter = deadLetters.letter(HoldBackStrategy.messageOf(item),
                        "over the cap of " + cap + " held events per user (oldest dropped first)");
                DeadLetterStore.insert(connection, letter);
                overflow.add(letter);
            }
            Long oldest = rows.oldestHeldAt(connection, key);
            Sql.update(connection, "UPDATE s2cs_held_aggregate SET event_count = ?, oldest_at = ? WHERE correlation_key = ?",
                    count + added - overflow.size(), oldest != null ? oldest : now, key);
            return new Stored(added, overflow);
        });
        if (stored == null) {
            throw new OptimisticLockingException();
        }
        report(newExchange, adding, stored.added(), stored.overflow().size());
        stored.overflow().forEach(deadLetters::recorded);
        return oldExchange;
    }

    private static boolean isMember(Connection connection, String userId) throws SQLException {
        return Sql.queryOne(connection, "SELECT user_id FROM s2cs_membership WHERE user_id = ?", row -> row.getString(1),
                userId) != null;
    }

    /** The events the strategy added in this step (the aggregate's body), stored by add or remove. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> adding(Exchange exchange) {
        Object body = exchange.getIn().getBody();
        return body instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
    }

    private static void report(Exchange exchange, List<Map<String, Object>> adding, int added, int overflow) {
        HoldBackStrategy.Report report = exchange.getProperty(HoldBackStrategy.REPORT, HoldBackStrategy.Report.class);
        if (report != null) {
            report.alreadyHeld = added < adding.size();
            report.overflow = overflow;
        }
    }

    @Override
    public Exchange add(CamelContext camelContext, String key, Exchange exchange) {
        Exchange current = get(camelContext, key);
        return add(camelContext, key, current, exchange);
    }

    @Override
    public Exchange get(CamelContext camelContext, String key) {
        return database.inTransaction(connection -> Sql.queryOne(connection, "SELECT exchange, version, event_count "
                + "FROM s2cs_held_aggregate WHERE correlation_key = ?", row -> {
                    Exchange exchange = deserialize(camelContext, row.getString("exchange"));
                    exchange.getIn().setBody(new ArrayList<>());
                    exchange.setProperty(VERSION, row.getLong("version"));
                    exchange.setProperty(COUNT, row.getInt("event_count"));
                    return exchange;
                }, key));
    }

    /**
     * Completes the user's aggregate: its events, and any the completing step adds, become one
     * release, kept until {@link #confirm}. The aggregator passes the exchange it then sends on, so
     * its body becomes the released events.
     */
    @Override
    public void remove(CamelContext camelContext, String key, Exchange exchange) {
        List<Map<String, Object>> adding = adding(exchange);
        String releaseId = exchange.getExchangeId();
        String document = serialize(exchange);
        Integer added = database.inTransaction(connection -> {
            if (Sql.update(connection, "DELETE FROM s2cs_held_aggregate WHERE correlation_key = ? AND version = ?",
                    key, versionOf(exchange)) == 0) {
                return null;
            }
            rows.startRelease(connection, key, releaseId);
            int inserted = rows.insert(connection, key, releaseId, adding);
            Sql.update(connection, "INSERT INTO s2cs_held_completed (exchange_id, correlation_key, exchange, completed_at, "
                    + "owner) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", releaseId, key, document,
                    System.currentTimeMillis(), instance.id());
            return inserted;
        });
        if (added == null) {
            throw new OptimisticLockingException();
        }
        report(exchange, adding, added, 0);
        exchange.getIn().setBody(new ReleasedEvents(database, rows, key, releaseId));
    }

    /** Unconfirmed releases are confirmed again by Camel's recovery task, instead of being replayed. */
    @Override
    public boolean confirmWithResult(CamelContext camelContext, String exchangeId) {
        try {
            confirm(camelContext, exchangeId);
            return true;
        } catch (StateUnavailable e) {
            return false;
        } catch (RuntimeException e) {
            LOG.warn("Confirming the held-event release {} failed; trying again at the next look", exchangeId, e);
            return false;
        }
    }

    @Override
    public void confirm(CamelContext camelContext, String exchangeId) {
        database.inTransaction(connection -> {
            rows.deleteRelease(connection, exchangeId);
            return Sql.update(connection, "DELETE FROM s2cs_held_completed WHERE exchange_id = ?", exchangeId);
        });
    }

    @Override
    public Set<String> getKeys() {
        return database.inTransaction(connection -> strings(connection, "SELECT correlation_key FROM s2cs_held_aggregate"));
    }

    /** Which releases this instance may resume; see {@link #scan}. */
    private static final String RESUMABLE = "((owner = ? AND completed_at < ?) "
            + "OR (owner NOT IN (SELECT id FROM s2cs_instance) AND completed_at < ?))";

    /**
     * Releases to resume: this instance's own that are past their grace (the aggregator skips those
     * still in progress here), and those of instances that are no longer registered, once nobody has
     * taken them for {@link InstanceRegistry#STALE_AFTER_MILLIS}: an instance cut off from the
     * database for longer is forgotten while it still runs, and must have beaten again by then.
     * Camel's recovery task stops for good on an exception, so none leaves here or {@link #recover}.
     */
    @Override
    public Set<String> scan(CamelContext camelContext) {
        long now = System.currentTimeMillis();
        try {
            return database.inTransaction(connection -> strings(connection,
                    "SELECT exchange_id FROM s2cs_held_completed WHERE " + RESUMABLE, instance.id(),
                    now - OWN_RELEASE_GRACE_MILLIS, now - InstanceRegistry.STALE_AFTER_MILLIS));
        } catch (StateUnavailable e) {
            return Set.of(); // StateOutage has logged the outage
        } catch (RuntimeException e) {
            LOG.warn("Looking for held-event releases to resume failed; trying again at the next look", e);
            return Set.of();
        }
    }

    /**
     * Takes the release over (its time restarts), unless another instance took it first: then there
     * is nothing to recover.
     */
    @Override
    public Exchange recover(CamelContext camelContext, String exchangeId) {
        try {
            return claimRelease(camelContext, exchangeId);
        } catch (StateUnavailable e) {
            return null; // the next scan tries again
        } catch (RuntimeException e) {
            LOG.warn("Resuming the held-event release {} failed; trying again at the next look", exchangeId, e);
            return null;
        }
    }

    private Exchange claimRelease(CamelContext camelContext, String exchangeId) {
        long now = System.currentTimeMillis();
        return database.inTransaction(connection -> {
            if (Sql.update(connection, "UPDATE s2cs_held_completed SET owner = ?, completed_at = ? WHERE exchange_id = ? AND "
                    + RESUMABLE, instance.id(), now, exchangeId, instance.id(), now - OWN_RELEASE_GRACE_MILLIS,
                    now - InstanceRegistry.STALE_AFTER_MILLIS) == 0) {
                return null;
            }
            return Sql.queryOne(connection,
                    "SELECT correlation_key, exchange FROM s2cs_held_completed WHERE exchange_id = ?", row -> {
                        Exchange exchange = deserialize(camelContext, row.getString("exchange"));
                        exchange.getIn().setBody(
                                new ReleasedEvents(database, rows, row.getString("correlation_key"), exchangeId));
                        // Releases stored by earlier versions lack them. Taken as completed by a group call: an
                        // event whose user still has no group is simply held again.
                        if (exchange.getProperty(ExchangePropertyKey.AGGREGATED_CORRELATION_KEY) == null) {
                            exchange.setProperty(ExchangePropertyKey.AGGREGATED_CORRELATION_KEY,
                                    row.getString("correlation_key"));
                        }
                        if (exchange.getProperty(ExchangePropertyKey.AGGREGATED_COMPLETED_BY) == null) {
                            exchange.setProperty(ExchangePropertyKey.AGGREGATED_COMPLETED_BY, "predicate");
                        }
                        return exchange;
                    }, exchangeId);
        });
    }

    /** Users who have held events and now have an organization: the sweeper releases them. */
    public Set<String> groupedKeys() {
        return database.inTransaction(connection -> strings(connection,
                "SELECT h.correlation_key FROM s2cs_held_aggregate h JOIN s2cs_membership m ON m.user_id = h.correlation_key"));
    }

    /** Users whose oldest held event is past {@code cutoff}: the sweeper times them out. */
    public Set<String> keysHeldSince(long cutoff) {
        return database.inTransaction(connection -> strings(connection,
                "SELECT correlation_key FROM s2cs_held_aggregate WHERE oldest_at < ?", cutoff));
    }

    /** A user with held events, for the operator API. */
    public record HeldUser(String userId, int events, long oldestAt) {
    }

    public List<HeldUser> heldUsers(int offset, int limit) {
        return database.inTransaction(connection -> Sql.query(connection, "SELECT correlation_key, event_count, "
                + "oldest_at FROM s2cs_held_aggregate ORDER BY oldest_at, correlation_key LIMIT ? OFFSET ?",
                row -> new HeldUser(row.getString(1), row.getInt(2), row.getLong(3)), limit, offset));
    }

    public long heldUsers() {
        return database.rowCount("s2cs_held_aggregate");
    }

    public boolean holdsEventsOf(String userId) {
        return database.inTransaction(connection -> Sql.queryOne(connection,
                "SELECT correlation_key FROM s2cs_held_aggregate WHERE correlation_key = ?", row -> row.getString(1),
                userId)) != null;
    }

    public long heldEvents() {
        return database.inTransaction(connection -> Sql.queryOne(connection,
                "SELECT COALESCE(SUM(event_count), 0) FROM s2cs_held_aggregate", row -> row.getLong(1)));
    }

    private String serialize(Exchange exchange) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("exchangeId", exchange.getExchangeId());
        document.put("headers", simpleValues(exchange.getIn().getHeaders()));
        Map<String, Object> properties = simpleValues(exchange.getProperties());
        // Camel keeps these apart from getProperties(); a recovered release needs them as the original had them.
        for (ExchangePropertyKey key : AGGREGATION_KEYS) {
            if (exchange.getProperty(key) instanceof String value) {
                properties.put(key.getName(), value);
            }
        }
        document.put("properties", properties);
        try {
            return json.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Held events cannot be written as JSON", e);
        }
    }

    private Exchange deserialize(CamelContext camelContext, String text) {
        try {
            Map<String, Object> document = json.readValue(text, new TypeReference<>() {
            });
            Exchange exchange = new DefaultExchange(camelContext);
            exchange.setExchangeId((String) document.get("exchangeId"));
            exchange.getIn().setHeaders(new LinkedHashMap<>(castMap(document.get("headers"))));
            castMap(document.get("properties")).forEach((name, value) -> {
                ExchangePropertyKey key = ExchangePropertyKey.asExchangePropertyKey(name);
                if (key != null) {
                    exchange.setProperty(key, value);
                } else {
                    exchange.setProperty(name, value);
                }
            });
            return exchange;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Held events cannot be read from JSON", e);
        }
    }

    /** Only strings, numbers and booleans travel: they are all the hold-back route needs. */
    private static Map<String, Object> simpleValues(Map<String, Object> values) {
        Map<String, Object> simple = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            if (value instanceof String || value instanceof Number || value instanceof Boolean) {
                simple.put(name, value);
            }
        });
        simple.remove(VERSION);
        simple.remove(COUNT);
        return simple;
    }

    private static long versionOf(Exchange exchange) {
        Long version = exchange.getProperty(VERSION, Long.class);
        if (version == null) {
            throw new OptimisticLockingException();
        }
        return version;
    }

    private static Set<String> strings(Connection connection, String sql, Object... parameters) throws SQLException {
        return new HashSet<>(Sql.query(connection, sql, row -> row.getString(1), parameters));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object value) {
        return value instanceof Map ? (Map<String, Object>) value : Map.of();
    }

    @Override
    public void setRecoveryInterval(long interval, TimeUnit timeUnit) {
        this.recoveryInterval = timeUnit.toMillis(interval);
    }

    @Override
    public void setRecoveryInterval(long interval) {
        this.recoveryInterval = interval;
    }

    @Override
    public long getRecoveryInterval() {
        return recoveryInterval;
    }

    @Override
    public void setUseRecovery(boolean useRecovery) {
        // Recovery is what makes a crash during release lose nothing; it is always on.
    }

    @Override
    public boolean isUseRecovery() {
        return true;
    }

    @Override
    public void setDeadLetterUri(String deadLetterUri) {
        // Recovered aggregates are retried until they succeed: releasing writes only to this database.
    }

    @Override
    public String getDeadLetterUri() {
        return null;
    }

    @Override
    public void setMaximumRedeliveries(int maximumRedeliveries) {
        // See setDeadLetterUri.
    }

    @Override
    public int getMaximumRedeliveries() {
        return 0;
    }
}
