package io.github.segment2cs.config;

import io.quarkus.runtime.ImageMode;
import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;
import jakarta.annotation.Priority;
import java.nio.file.Path;

/**
 * Makes the embedded database's path absolute, and activates exactly one of the two datasources at
 * start-up: PostgreSQL when its JDBC URL is set ({@code STATE_JDBC_URL}, or the key it feeds,
 * {@code quarkus.datasource.postgresql.jdbc.url}), the embedded H2 otherwise. The database kind is
 * fixed at build time in Quarkus, so the build carries both and the choice is made here, at run
 * time, from one setting. The native binary has PostgreSQL only.
 */
@Priority(Priorities.APPLICATION)
public class StateDatabaseSelector implements ConfigSourceInterceptor {

    static final String EMBEDDED_ACTIVE = "quarkus.datasource.active";
    static final String POSTGRESQL_ACTIVE = "quarkus.datasource.postgresql.active";

    static final String EMBEDDED_URL = "quarkus.datasource.jdbc.url";
    static final String POSTGRESQL_URL = "quarkus.datasource.postgresql.jdbc.url";
    static final String H2_FILE = "jdbc:h2:file:";
    static final String NATIVE_NEEDS_POSTGRESQL = "The native binary keeps its state in PostgreSQL only: set "
            + "STATE_JDBC_URL (embedded H2 is for the JVM; see README \"Native\")";

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        if (EMBEDDED_URL.equals(name)) {
            return withAbsolutePath(context.proceed(name));
        }
        if (!EMBEDDED_ACTIVE.equals(name) && !POSTGRESQL_ACTIVE.equals(name)) {
            return context.proceed(name);
        }
        ConfigValue url = context.proceed(POSTGRESQL_URL);
        boolean postgresql = postgresql(url == null ? null : url.getValue(), ImageMode.current());
        boolean active = POSTGRESQL_ACTIVE.equals(name) == postgresql;
        return ConfigValue.builder().withName(name).withValue(Boolean.toString(active)).build();
    }

    /**
     * Whether the state is in PostgreSQL: when its URL is set. A native binary cannot embed H2
     * (Quarkus's datasource guide advises against it, and this project has never built one that
     * does), so it refuses to start without PostgreSQL rather than fail later in an obscure way.
     */
    static boolean postgresql(String url, ImageMode mode) {
        boolean postgresql = url != null && !url.isBlank();
        if (!postgresql && mode == ImageMode.NATIVE_RUN) {
            throw new IllegalStateException(NATIVE_NEEDS_POSTGRESQL);
        }
        return postgresql;
    }

    /** H2 refuses a file path implicitly relative to the working directory; STATE_DIR may be one. */
    private static ConfigValue withAbsolutePath(ConfigValue url) {
        if (url == null || url.getValue() == null || !url.getValue().startsWith(H2_FILE)) {
            return url;
        }
        String rest = url.getValue().substring(H2_FILE.length());
        int options = rest.indexOf(';');
        String path = options < 0 ? rest : rest.substring(0, options);
        String absolute = Path.of(path).toAbsolutePath().normalize().toString();
        return url.withValue(H2_FILE + absolute + (options < 0 ? "" : rest.substring(options)));
    }
}
