package io.github.segment2cs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.segment2cs.support.OnPostgresql;
import io.github.segment2cs.support.PackagedService;
import io.github.segment2cs.support.PostgresqlDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/** The settings as the README documents them, against the packaged application. */
class SettingsIT {

    @Test
    void withoutTheProjectIdTheServiceRefusesToStartAndNamesTheSetting() throws Exception {
        String printed = new PackagedService("settings-no-project", Map.of("CLIENTSUCCESS_API_KEY", "key",
                "STATE_DIR", state("no-project"))).startExpectingRefusal();
        assertTrue(printed.contains("Missing required setting(s): CLIENTSUCCESS_PROJECT_ID ("), printed);
        assertFalse(printed.contains("FailedToCreateRouteException"), printed);
    }

    @Test
    void withNeitherSettingTheServiceNamesBoth() throws Exception {
        String printed = new PackagedService("settings-none", Map.of("STATE_DIR", state("none")))
                .startExpectingRefusal();
        assertTrue(printed.contains("Missing required setting(s): CLIENTSUCCESS_API_KEY, CLIENTSUCCESS_PROJECT_ID"),
                printed);
    }

    /** The README maps STATE_JDBC_URL to quarkus.datasource.postgresql.jdbc.url: either one selects PostgreSQL. */
    @Test
    @EnabledIf("io.github.segment2cs.support.OnPostgresql#available")
    void theQuarkusKeyForThePostgresqlUrlSelectsPostgresqlToo() throws Exception {
        String database = PostgresqlDatabase.create("s2cs_settings");
        String h2 = state("quarkus-key");
        PackagedService service = new PackagedService(database, Map.of("CLIENTSUCCESS_API_KEY", "key",
                "CLIENTSUCCESS_PROJECT_ID", "proj", "STATE_DIR", h2,
                "QUARKUS_DATASOURCE_POSTGRESQL_JDBC_URL", OnPostgresql.SERVER + database));
        try {
            service.start();
            try (Connection connection = DriverManager.getConnection(OnPostgresql.SERVER + database,
                    OnPostgresql.USER, ""); ResultSet migrations = connection.createStatement()
                            .executeQuery("SELECT COUNT(*) FROM flyway_schema_history WHERE success AND version = '1'")) {
                migrations.next();
                assertEquals(1, migrations.getInt(1), "the schema was migrated in PostgreSQL");
            }
            assertFalse(Files.exists(Path.of(h2, "state.mv.db")), "no embedded database was created");
        } finally {
            service.stop();
            PostgresqlDatabase.drop(database);
        }
    }

    static String state(String name) throws Exception {
        return Files.createTempDirectory(PackagedService.BUILD, "settings-" + name).toString();
    }
}
