package io.github.segment2cs.embedded;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.github.segment2cs.process.IntakePace;
import io.github.segment2cs.process.StepTracker;
import io.github.segment2cs.store.StateDatabase;
import io.github.segment2cs.store.StateOutage;
import io.github.segment2cs.store.StateSchema;
import io.github.segment2cs.wiring.RouteBeans;
import io.github.segment2cs.wiring.RouteProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.spi.Registry;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.support.DefaultRegistry;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.h2.jdbcx.JdbcConnectionPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole destination inside a host's CamelContext, as the segment-to-clientsuccess-sink Kamelet
 * makes it: on start it creates or migrates its schema (tables prefixed {@code s2cs_}), binds the
 * beans the routes call, and adds the service's routes (process, types, holdback, deliver,
 * housekeeping), read from this library; {@link #accept} records one message in the durable inbox.
 * One destination runs per CamelContext, for as long as the context: further uses of the Kamelet
 * (with the same settings) hand their messages to the first.
 */
public class SegmentToClientSuccess extends ServiceSupport implements CamelContextAware {

    /** The service's routes this library carries, route configurations first. */
    static final List<String> ROUTES = List.of("state-outage", "process", "types", "holdback", "deliver",
            "housekeeping");
    static final String ROUTES_LOCATION = "classpath:io/github/segment2cs/routes/";
    /** The registry name the running destination is bound under. */
    static final String RUNNING = "s2csDestination";
    /** As many routing threads as the service's pool: the setting PROCESSING_THREADS can ask for. */
    private static final int ROUTING_POOL_SIZE = 16;
    private static final Logger LOG = LoggerFactory.getLogger(SegmentToClientSuccess.class);
    /**
     * The embedded H2 files of the destinations started in this JVM, each with its destination.
     * Work claimed in one is claimed in memory, by the destination that opened it, so two
     * destinations on one file (in two CamelContexts) would both take the same work and deliver it
     * twice: the second is refused. Another process cannot open the file at all: H2 locks it.
     */
    private static final ConcurrentMap<String, SegmentToClientSuccess> OWN_FILES = new ConcurrentHashMap<>();

    private final DefaultSettings settings = new DefaultSettings();
    private CamelContext context;
    private String apiKey;
    private String projectId;
    private String baseUrl = "https://usage.clientsuccess.com";
    private String dataSource;
    private String stateDir = "./data";

    private SegmentToClientSuccess running;
    private JdbcConnectionPool ownPool;
    /**
     * The file of {@link #ownPool}, as {@link #OWN_FILES} knows it, when this start took it; null
     * when an earlier start of this destination had, which still uses it (started again in a
     * running context), and gives it up when the context stops.
     */
    private String ownFile;
    private RouteBeans beans;
    private MessageIntake intake;
    private final AtomicBoolean routesAdded = new AtomicBoolean();

    @Override
    public void setCamelContext(CamelContext context) {
        this.context = context;
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }

    public void setApiKey(String apiKey) {
        this.apiKey = apiKey;
    }

    public void setProjectId(String projectId) {
        this.projectId = projectId;
    }

    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** The registry name of the host's {@link DataSource}; unset, an embedded H2 under the state dir. */
    public void setDataSource(String dataSource) {
        this.dataSource = blank(dataSource) ? null : dataSource;
    }

    public void setStateDir(String stateDir) {
        this.stateDir = stateDir;
    }

    public DefaultSettings getSettings() {
        return settings;
    }

    public void setHoldbackWindow(String isoDuration) {
        settings.setHoldbackWindow(isoDuration);
    }

    public void setMaxRate(int maxRate) {
        settings.setMaxRate(maxRate);
    }

    public void setPageEvent(String pageEvent) {
        settings.setPageEvent(pageEvent);
    }

    public void setScreenEvent(String screenEvent) {
        settings.setScreenEvent(screenEvent);
    }

    public void setAllowedEvents(String commaSeparated) {
        settings.setAllowedEvents(commaSeparated);
    }

    public void setEventRenames(String commaSeparated) {
        settings.setEventRenames(commaSeparated);
    }

    public void setMaxBacklog(long maxBacklog) {
        settings.setMaxBacklog(maxBacklog);
    }

    public void setMaxWait(String isoDuration) {
        settings.setMaxWait(isoDuration);
    }

    /** Records the exchange's Segment message in the inbox; see {@link MessageIntake}. */
    public void accept(Exchange exchange) {
        (running != null ? running.intake : intake).accept(exchange);
    }

    @Override
    protected void doStart() throws Exception {
        if (beans != null || running != null) {
            return; // started again with its route: the destination lives on with the context
        }
        SegmentToClientSuccess first = context.getRegistry().lookupByNameAndType(RUNNING,
                SegmentToClientSuccess.class);
        if (first != null && first != this) {
            String differs = first.differences(this);
            if (!differs.isEmpty()) {
                throw new IllegalStateException("segment-to-clientsuccess-sink is used twice in this CamelContext with"
                        + " other " + differs + ": one destination runs per context, so both uses must agree");
            }
            running = first;
            return;
        }
        require("apiKey", apiKey);
        require("projectId", projectId);
        DataSource store = store();
        try {
            startOn(store);
        } catch (Exception e) {
            closeOwnStore(ownPool, ownFile);
            throw e;
        }
    }

    private void startOn(DataSource store) throws Exception {
        boolean postgresql = isPostgresql(store);
        StateSchema.migrate(store, postgresql);
        RouteBeans.Config config = settings.config();
        // Its own H2 file is written when a caller must know its commits are on file; a host's
        // database keeps its own way.
        StateDatabase database = ownPool != null ? StateDatabase.ownH2File(store, new StateOutage())
                : new StateDatabase(store, postgresql, new StateOutage());
        MeterRegistry meters = meters();
        beans = new RouteBeans(database, config, apiKey, meters,
                JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build());
        bindBeans();
        new RouteProperties(baseUrl, projectId, config).configure(context);
        threadPool("s2cs-routing", ROUTING_POOL_SIZE);
        threadPool("s2cs-delivery", settings.maxConnections());
        new StepTracker().configure(context);
        beans.instanceRegistry.heartbeat();
        intake = new MessageIntake(beans.inbox, beans.counters,
                new IntakePace(beans.inbox::pendingAtLeast, meters, settings.maxBacklog(), settings.maxWait()));
        JdbcConnectionPool pool = ownPool;
        String file = ownFile;
        context.addService(new StateRelease(beans, () -> closeOwnStore(pool, file)), true);
        // Routes added while the context starts would wait for a start that has passed them by: they
        // are added once it has started (at once, when it already has).
        context.addStartupListener(new ExtendedStartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) throws Exception {
                if (alreadyStarted) {
                    addRoutes();
                }
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext started, boolean alreadyStarted) throws Exception {
                addRoutes();
            }
        });
        LOG.info("Segment to ClientSuccess: state in {}",
                dataSource != null ? "DataSource " + dataSource : "H2 under " + stateDir);
    }

    /** Under the names the routes call them by, which the host's own beans must not have. */
    private void bindBeans() {
        for (String name : beans.named().keySet()) {
            if (context.getRegistry().lookupByName(name) != null) {
                throw new IllegalStateException("The registry already has a bean named '" + name
                        + "', a name the Segment to ClientSuccess routes call one of theirs by: rename the host's bean");
            }
        }
        // Into the context's own registry: while a Kamelet is made, bind() keeps beans for its route alone.
        Registry registry = context.getRegistry() instanceof DefaultRegistry host ? host.getFallbackRegistry()
                : context.getRegistry();
        beans.named().forEach(registry::bind);
        registry.bind(RUNNING, this);
    }

    private void addRoutes() throws Exception {
        if (!routesAdded.compareAndSet(false, true)) {
            return;
        }
        List<Resource> routes = new ArrayList<>();
        for (String name : ROUTES) {
            routes.add(PluginHelper.getResourceLoader(context).resolveResource(ROUTES_LOCATION + name + ".yaml"));
        }
        PluginHelper.getRoutesLoader(context).loadRoutes(routes);
    }

    /** The settings, by Kamelet property name, in which {@code other} differs from this destination's. */
    private String differences(SegmentToClientSuccess other) {
        List<String> differs = new ArrayList<>();
        if (!Objects.equals(apiKey, other.apiKey)) {
            differs.add("apiKey");
        }
        if (!Objects.equals(projectId, other.projectId)) {
            differs.add("projectId");
        }
        if (!Objects.equals(baseUrl, other.baseUrl)) {
            differs.add("baseUrl");
        }
        if (!Objects.equals(dataSource, other.dataSource)) {
            differs.add("dataSource");
        }
        if (!Objects.equals(stateDir, other.stateDir)) {
            differs.add("stateDir");
        }
        return String.join(", ", differs);
    }

    /**
     * Gives up this instance's claims, and closes its own H2 store, when the context stops: the
     * destination's routes run as long as the context does, whatever becomes of the route that
     * uses the Kamelet.
     */
    private static final class StateRelease extends ServiceSupport {

        private final RouteBeans beans;
        private final Runnable closeOwnStore;

        StateRelease(RouteBeans beans, Runnable closeOwnStore) {
            this.beans = beans;
            this.closeOwnStore = closeOwnStore;
        }

        @Override
        protected void doStop() {
            beans.outbox.flushOutcomes(); // before this instance's claims are freed
            beans.instanceRegistry.deregister();
            closeOwnStore.run();
        }
    }

    /**
     * Closes an embedded H2 pool this destination opened (none: null), and gives its file up to
     * others (unless null).
     */
    private void closeOwnStore(JdbcConnectionPool pool, String file) {
        if (pool != null) {
            pool.dispose();
        }
        if (file != null) {
            OWN_FILES.remove(file, this);
        }
    }

    private DataSource store() {
        if (dataSource != null) {
            DataSource found = context.getRegistry().lookupByNameAndType(dataSource, DataSource.class);
            if (found == null) {
                throw new IllegalArgumentException("Kamelet property 'dataSource': no javax.sql.DataSource named '"
                        + dataSource + "' in the registry");
            }
            return found;
        }
        String file = Path.of(stateDir).toAbsolutePath().normalize().resolve("s2cs-state").toString();
        SegmentToClientSuccess other = OWN_FILES.putIfAbsent(file, this);
        if (other != null && other != this) {
            throw new IllegalStateException("Kamelet property 'stateDir': " + stateDir + " holds the state of another "
                    + "Segment to ClientSuccess destination running in this JVM (CamelContext '"
                    + other.context.getName() + "'): give each destination its own stateDir, or one PostgreSQL dataSource");
        }
        ownFile = other == null ? file : null;
        ownPool = JdbcConnectionPool.create("jdbc:h2:file:" + file + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;QUERY_CACHE_SIZE=64;"
                + "MAX_LENGTH_INPLACE_LOB=4096", "sa", "");
        ownPool.setMaxConnections(16);
        return ownPool;
    }

    private static boolean isPostgresql(DataSource store) throws SQLException {
        try (Connection connection = store.getConnection()) {
            return connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgresql");
        }
    }

    /** The host's meter registry, when it has one; else one of this destination's own. */
    private MeterRegistry meters() {
        MeterRegistry host = context.getRegistry().findSingleByType(MeterRegistry.class);
        return host != null ? host : new SimpleMeterRegistry();
    }

    private void threadPool(String id, int size) {
        if (context.getExecutorServiceManager().getThreadPoolProfile(id) == null) {
            ThreadPoolProfile profile = new ThreadPoolProfile(id);
            profile.setPoolSize(size);
            profile.setMaxPoolSize(size);
            context.getExecutorServiceManager().registerThreadPoolProfile(profile);
        }
    }

    private static void require(String property, String value) {
        if (blank(value)) {
            throw new IllegalArgumentException("Kamelet property '" + property + "' is required");
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
