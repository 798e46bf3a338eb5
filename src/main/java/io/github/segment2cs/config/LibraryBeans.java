package io.github.segment2cs.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.segment2cs.holdback.HeldEventRepository;
import io.github.segment2cs.holdback.LegacyHeldDocuments;
import io.github.segment2cs.metrics.EventCounters;
import io.github.segment2cs.process.StepTracker;
import io.github.segment2cs.store.DeadLetterStore;
import io.github.segment2cs.store.InboxStore;
import io.github.segment2cs.store.InstanceRegistry;
import io.github.segment2cs.store.MessageHistory;
import io.github.segment2cs.store.OutboxStore;
import io.github.segment2cs.store.StateDatabase;
import io.github.segment2cs.wiring.RouteBeans;
import io.github.segment2cs.wiring.RouteProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Unremovable;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.apache.camel.quarkus.main.events.BeforeStart;
import org.apache.camel.spi.CamelContextCustomizer;

/**
 * The library's beans (io.github.segment2cs.wiring.RouteBeans) over the service's state database
 * and settings. Camel Quarkus applies the customizers here before the routes are built: they bind
 * the beans under the names the routes call them by, and answer the routes' {@code {{s2cs.…}}}
 * placeholders. The stores the receiving and ops sides use are beans of the service as well. This
 * instance beats its heartbeat once at start and gives up its claims on a graceful stop.
 */
@Singleton
public class LibraryBeans {

    @Produces
    @Singleton
    RouteBeans.Config config(DestinationConfig.Segment segment, DestinationConfig.Mapping mapping,
            DestinationConfig.Holdback holdback, DestinationConfig.Delivery delivery,
            DestinationConfig.Processing processing, DestinationConfig.CustomFields customFields) {
        return new RouteBeans.Config(segment, mapping, holdback, delivery, processing, customFields);
    }

    @Produces
    @Singleton
    RouteBeans routeBeans(StateDatabase database, RouteBeans.Config config, DestinationConfig.ClientSuccess clientSuccess,
            MeterRegistry meters, ObjectMapper json) {
        return new RouteBeans(database, config, clientSuccess.apiKey().orElse(""), meters, json);
    }

    @Produces
    @Singleton
    @Unremovable
    CamelContextCustomizer routeBeanNames(RouteBeans beans) {
        return context -> beans.named().forEach(context.getRegistry()::bind);
    }

    @Produces
    @Singleton
    @Unremovable
    RouteProperties routeProperties(DestinationConfig.ClientSuccess clientSuccess, RouteBeans.Config config) {
        return new RouteProperties(clientSuccess.baseUrl(), clientSuccess.projectId().orElse(""), config);
    }

    /** Records, for each step of the routes, the last one an exchange entered. */
    @Produces
    @Singleton
    @Unremovable
    StepTracker stepTracker() {
        return new StepTracker();
    }

    @Produces
    @Singleton
    InstanceRegistry instanceRegistry(RouteBeans beans) {
        return beans.instanceRegistry;
    }

    @Produces
    @Singleton
    InboxStore inbox(RouteBeans beans) {
        return beans.inbox;
    }

    @Produces
    @Singleton
    OutboxStore outbox(RouteBeans beans) {
        return beans.outbox;
    }

    @Produces
    @Singleton
    DeadLetterStore deadLetters(RouteBeans beans) {
        return beans.deadLetters;
    }

    @Produces
    @Singleton
    MessageHistory messageHistory(RouteBeans beans) {
        return beans.history;
    }

    @Produces
    @Singleton
    EventCounters eventCounters(RouteBeans beans) {
        return beans.counters;
    }

    @Produces
    @Singleton
    HeldEventRepository heldEventRepository(RouteBeans beans) {
        return beans.get("heldEventRepository", HeldEventRepository.class);
    }

    @Produces
    @Singleton
    LegacyHeldDocuments legacyHeldDocuments(StateDatabase database, RouteBeans beans, ObjectMapper json) {
        return new LegacyHeldDocuments(database, beans.heldEventRows, json);
    }

    void register(@Observes StartupEvent event, InstanceRegistry instance) {
        instance.heartbeat();
    }

    /** Delivered outcomes still waiting for their commit are committed before this instance's claims are freed. */
    void deregister(@Observes ShutdownEvent event, InstanceRegistry instance, OutboxStore outbox) {
        outbox.flushOutcomes();
        instance.deregister();
    }

    /** Held-event documents of versions before V3 are converted before the routes start. */
    void convertLegacyDocuments(@Observes BeforeStart event, LegacyHeldDocuments legacy) {
        legacy.convertBeforeRoutesStart();
    }
}
