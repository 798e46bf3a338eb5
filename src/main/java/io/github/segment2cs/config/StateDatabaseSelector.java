package io.github.segment2cs.config;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;
import jakarta.annotation.Priority;

/**
 * Activates exactly one of the two datasources at start-up: PostgreSQL when {@code STATE_JDBC_URL}
 * is set, the embedded H2 otherwise. The database kind is fixed at build time in Quarkus, so the
 * build carries both and the choice is made here, at run time, from one setting.
 */
@Priority(Priorities.APPLICATION)
public class StateDatabaseSelector implements ConfigSourceInterceptor {

    static final String EMBEDDED_ACTIVE = "quarkus.datasource.active";
    static final String POSTGRESQL_ACTIVE = "quarkus.datasource.postgresql.active";

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        if (!EMBEDDED_ACTIVE.equals(name) && !POSTGRESQL_ACTIVE.equals(name)) {
            return context.proceed(name);
        }
        ConfigValue url = context.proceed("STATE_JDBC_URL");
        boolean postgresql = url != null && url.getValue() != null && !url.getValue().isBlank();
        boolean active = POSTGRESQL_ACTIVE.equals(name) == postgresql;
        return ConfigValue.builder().withName(name).withValue(Boolean.toString(active)).build();
    }
}
