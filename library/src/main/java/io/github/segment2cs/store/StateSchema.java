package io.github.segment2cs.store;

import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;

/**
 * Creates the state schema in a database on first use, and migrates it later, by Flyway with a
 * history table of its own ({@value #HISTORY_TABLE}): a host application's database may have its
 * own tables and its own Flyway history beside it. A database that has none of the schema yet gets
 * it in one script (db/segment2cs-baseline), so no table without the s2cs_ prefix ever appears in
 * it. Instances that start together wait for each other (Flyway locks the history table).
 *
 * <p>The service does not use this: its own stores may predate the prefix, so it keeps the chain of
 * migrations that upgrades them (quarkus-flyway, src/main/resources/db/segment2cs).
 */
public final class StateSchema {

    public static final String HISTORY_TABLE = "s2cs_schema_history";
    static final String LOCATION = "classpath:db/segment2cs-baseline";

    private StateSchema() {
    }

    /** Creates or migrates the schema; {@code postgresql}: the database is PostgreSQL (else H2 in its PostgreSQL mode). */
    public static void migrate(DataSource dataSource, boolean postgresql) {
        migrate(dataSource, postgresql, MigrationVersion.LATEST);
    }

    /** {@link #migrate}, up to {@code target}: a store of an earlier version, for the tests of a migration. */
    static void migrate(DataSource dataSource, boolean postgresql, MigrationVersion target) {
        Flyway.configure(StateSchema.class.getClassLoader()).dataSource(dataSource).locations(LOCATION)
                .table(HISTORY_TABLE)
                .placeholders(Map.of("large_text", postgresql ? "TEXT" : "CHARACTER LARGE OBJECT"))
                // A host's database is not empty: the history starts below the first script, which then runs.
                .baselineOnMigrate(true).baselineVersion("0")
                .target(target)
                .load().migrate();
    }
}
