package io.github.segment2cs.config;

import io.agroal.api.AgroalDataSource;
import io.github.segment2cs.store.DeadLetterStore;
import io.github.segment2cs.store.GroupCommit;
import io.github.segment2cs.store.InboxStore;
import io.github.segment2cs.store.InstanceRegistry;
import io.github.segment2cs.store.MessageHistory;
import io.github.segment2cs.store.OrganizationStore;
import io.github.segment2cs.store.OutboxStore;
import io.github.segment2cs.store.ProfileStore;
import io.github.segment2cs.store.StateDatabase;
import io.github.segment2cs.store.StateOutage;
import io.quarkus.agroal.DataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The library's state layer (io.github.segment2cs.store), made into the service's beans: over the
 * one active datasource (see StateDatabaseSelector), with the service's settings. This instance
 * beats its heartbeat once at start and gives up its claims on a graceful stop.
 */
@Singleton
public class StateBeans {

    @Produces
    @Singleton
    StateOutage outage() {
        return new StateOutage();
    }

    @Produces
    @Singleton
    StateDatabase database(@Any Instance<AgroalDataSource> dataSources,
            @ConfigProperty(name = "quarkus.datasource.postgresql.active") boolean postgresql, StateOutage outage) {
        AgroalDataSource active = postgresql
                ? dataSources.select(new DataSource.DataSourceLiteral("postgresql")).get()
                : dataSources.select(Default.Literal.INSTANCE).get();
        return new StateDatabase(active, postgresql, outage);
    }

    /** Shared by the requests accepted and the delivery outcomes recorded at the same time. */
    @Produces
    @Singleton
    GroupCommit groupCommit(StateDatabase database) {
        return new GroupCommit(database);
    }

    /** The heartbeat route (housekeeping.yaml) calls it by this name. */
    @Produces
    @Singleton
    @Named("instanceRegistry")
    InstanceRegistry instanceRegistry(StateDatabase database) {
        return new InstanceRegistry(database);
    }

    @Produces
    @Singleton
    InboxStore inbox(StateDatabase database, InstanceRegistry instance, DestinationConfig.Segment segment) {
        return new InboxStore(database, instance, segment.dedupWindow());
    }

    @Produces
    @Singleton
    OutboxStore outbox(StateDatabase database, InstanceRegistry instance, GroupCommit groupCommit) {
        return new OutboxStore(database, instance, groupCommit);
    }

    @Produces
    @Singleton
    DeadLetterStore deadLetters(StateDatabase database, InboxStore inbox) {
        return new DeadLetterStore(database, inbox);
    }

    @Produces
    @Singleton
    MessageHistory messageHistory(StateDatabase database) {
        return new MessageHistory(database);
    }

    @Produces
    @Singleton
    OrganizationStore organizations(StateDatabase database) {
        return new OrganizationStore(database);
    }

    @Produces
    @Singleton
    ProfileStore profiles(StateDatabase database) {
        return new ProfileStore(database);
    }

    void register(@Observes StartupEvent event, InstanceRegistry instance) {
        instance.heartbeat();
    }

    void deregister(@Observes ShutdownEvent event, InstanceRegistry instance) {
        instance.deregister();
    }
}
