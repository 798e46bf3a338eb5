package io.github.segment2cs.config;

import io.agroal.api.AgroalDataSource;
import io.github.segment2cs.store.StateDatabase;
import io.github.segment2cs.store.StateOutage;
import io.quarkus.agroal.DataSource;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The library's state database, over the one active datasource (see StateDatabaseSelector). */
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
        return postgresql ? new StateDatabase(active, true, outage) : StateDatabase.ownH2File(active, outage);
    }
}
