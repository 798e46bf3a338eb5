package io.github.segment2cs.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.segment2cs.deadletter.DeadLetterParker;
import io.github.segment2cs.deliver.DeliveryQueue;
import io.github.segment2cs.metrics.EventCounters;
import io.github.segment2cs.process.FateCheck;
import io.github.segment2cs.process.Housekeeping;
import io.github.segment2cs.process.InboxPoller;
import io.github.segment2cs.process.StepTracker;
import io.github.segment2cs.store.DeadLetterStore;
import io.github.segment2cs.store.InboxStore;
import io.github.segment2cs.store.MessageHistory;
import io.github.segment2cs.store.OrganizationStore;
import io.github.segment2cs.store.OutboxStore;
import io.github.segment2cs.store.ProfileStore;
import io.github.segment2cs.store.StateDatabase;
import io.github.segment2cs.transform.AliasProcessor;
import io.github.segment2cs.transform.ClientSuccessEventBuilder;
import io.github.segment2cs.transform.EventNames;
import io.github.segment2cs.transform.GroupProcessor;
import io.github.segment2cs.transform.IdentifyProcessor;
import io.github.segment2cs.transform.MessageReader;
import io.github.segment2cs.transform.OrganizationResolver;
import io.github.segment2cs.transform.PageProcessor;
import io.github.segment2cs.transform.SkipCheck;
import io.github.segment2cs.transform.SkipRecorder;
import io.github.segment2cs.transform.TrackProcessor;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/**
 * The library's routing side (io.github.segment2cs.process, transform, deadletter and metrics) made
 * into the service's beans, under the names the YAML routes call them by.
 */
@Singleton
public class RoutingBeans {

    @Produces
    @Singleton
    @Named("eventCounters")
    EventCounters eventCounters(MeterRegistry registry) {
        return new EventCounters(registry);
    }

    /** Camel Quarkus adds it to the context (a CamelContextCustomizer) before the routes are built. */
    @Produces
    @Singleton
    @Unremovable
    StepTracker stepTracker() {
        return new StepTracker();
    }

    @Produces
    @Singleton
    FateCheck fateCheck(EventCounters counters) {
        return new FateCheck(counters);
    }

    @Produces
    @Singleton
    @Named("inboxPoller")
    InboxPoller inboxPoller(InboxStore inbox, DeliveryQueue deliveryQueue, DeadLetterParker deadLetters,
            FateCheck fateCheck, DestinationConfig.Processing config, StateDatabase database) {
        return new InboxPoller(inbox, deliveryQueue, deadLetters, fateCheck, config, database);
    }

    @Produces
    @Singleton
    @Named("housekeeping")
    Housekeeping housekeeping(InboxStore inbox, OutboxStore outbox, MessageHistory history,
            DestinationConfig.Segment config) {
        return new Housekeeping(inbox, outbox, history, config);
    }

    @Produces
    @Singleton
    @Named("deadLetterParker")
    DeadLetterParker deadLetterParker(DeadLetterStore deadLetters, EventCounters counters, ObjectMapper json) {
        return new DeadLetterParker(deadLetters, counters, json);
    }

    @Produces
    @Singleton
    @Named("messageReader")
    MessageReader messageReader(ObjectMapper json) {
        return new MessageReader(json);
    }

    @Produces
    @Singleton
    @Named("skipCheck")
    SkipCheck skipCheck() {
        return new SkipCheck();
    }

    @Produces
    @Singleton
    @Named("skipRecorder")
    SkipRecorder skipRecorder(EventCounters counters) {
        return new SkipRecorder(counters);
    }

    @Produces
    @Singleton
    EventNames eventNames(DestinationConfig.Mapping config) {
        return new EventNames(config);
    }

    @Produces
    @Singleton
    @Named("identifyProcessor")
    IdentifyProcessor identifyProcessor(ProfileStore profiles, ObjectMapper json, EventCounters counters) {
        return new IdentifyProcessor(profiles, json, counters);
    }

    @Produces
    @Singleton
    @Named("groupProcessor")
    GroupProcessor groupProcessor(OrganizationStore organizations, EventCounters counters) {
        return new GroupProcessor(organizations, counters);
    }

    @Produces
    @Singleton
    @Named("aliasProcessor")
    AliasProcessor aliasProcessor(ProfileStore profiles, OrganizationStore organizations, EventCounters counters) {
        return new AliasProcessor(profiles, organizations, counters);
    }

    @Produces
    @Singleton
    @Named("trackProcessor")
    TrackProcessor trackProcessor(EventNames names) {
        return new TrackProcessor(names);
    }

    @Produces
    @Singleton
    @Named("pageProcessor")
    PageProcessor pageProcessor(EventNames names) {
        return new PageProcessor(names);
    }

    @Produces
    @Singleton
    @Named("organizationResolver")
    OrganizationResolver organizationResolver(OrganizationStore organizations) {
        return new OrganizationResolver(organizations);
    }

    @Produces
    @Singleton
    @Named("clientSuccessEventBuilder")
    ClientSuccessEventBuilder clientSuccessEventBuilder(ProfileStore profiles) {
        return new ClientSuccessEventBuilder(profiles);
    }
}
