package io.github.segment2cs.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.segment2cs.deadletter.DeadLetterParker;
import io.github.segment2cs.holdback.HeldEventRepository;
import io.github.segment2cs.holdback.HeldEventRows;
import io.github.segment2cs.holdback.HeldEventSweeper;
import io.github.segment2cs.holdback.HeldEventUnwrapper;
import io.github.segment2cs.holdback.HoldBackStrategy;
import io.github.segment2cs.holdback.HoldingCounter;
import io.github.segment2cs.holdback.LegacyHeldDocuments;
import io.github.segment2cs.holdback.ReleaseProgress;
import io.github.segment2cs.metrics.EventCounters;
import io.github.segment2cs.process.FateCheck;
import io.github.segment2cs.store.InstanceRegistry;
import io.github.segment2cs.store.MessageHistory;
import io.github.segment2cs.store.StateDatabase;
import io.github.segment2cs.transform.OrganizationResolver;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.camel.quarkus.main.events.BeforeStart;

/**
 * The library's hold-back (io.github.segment2cs.holdback) made into the service's beans, under the
 * names holdback.yaml calls them by. Held-event documents of versions before V3 are converted
 * before the routes start.
 */
@Singleton
public class HoldBackBeans {

    @Produces
    @Singleton
    HeldEventRows heldEventRows(ObjectMapper json) {
        return new HeldEventRows(json);
    }

    @Produces
    @Singleton
    LegacyHeldDocuments legacyHeldDocuments(StateDatabase database, HeldEventRows rows, ObjectMapper json) {
        return new LegacyHeldDocuments(database, rows, json);
    }

    @Produces
    @Singleton
    @Named("heldEventRepository")
    HeldEventRepository heldEventRepository(StateDatabase database, InstanceRegistry instance, HeldEventRows rows,
            DeadLetterParker deadLetters, ObjectMapper json, DestinationConfig.Holdback config) {
        return new HeldEventRepository(database, instance, rows, deadLetters, json, config);
    }

    @Produces
    @Singleton
    @Named("holdBackStrategy")
    HoldBackStrategy holdBackStrategy(OrganizationResolver organizationResolver, DestinationConfig.Holdback config) {
        return new HoldBackStrategy(organizationResolver, config);
    }

    @Produces
    @Singleton
    @Named("heldEventUnwrapper")
    HeldEventUnwrapper heldEventUnwrapper(HoldBackStrategy strategy, EventCounters counters) {
        return new HeldEventUnwrapper(strategy, counters);
    }

    @Produces
    @Singleton
    @Named("heldEventSweeper")
    HeldEventSweeper heldEventSweeper(HeldEventRepository repository, DestinationConfig.Holdback config) {
        return new HeldEventSweeper(repository, config);
    }

    @Produces
    @Singleton
    @Named("holdingCounter")
    HoldingCounter holdingCounter(EventCounters counters) {
        return new HoldingCounter(counters);
    }

    @Produces
    @Singleton
    @Named("releaseProgress")
    ReleaseProgress releaseProgress(FateCheck fateCheck, MessageHistory history) {
        return new ReleaseProgress(fateCheck, history);
    }

    void convertLegacyDocuments(@Observes BeforeStart event, LegacyHeldDocuments legacy) {
        legacy.convertBeforeRoutesStart();
    }
}
