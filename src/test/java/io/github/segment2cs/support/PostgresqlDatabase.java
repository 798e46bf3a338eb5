package io.github.segment2cs.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/** A PostgreSQL database with a unique name for one test run: created at start, dropped at stop. */
public class PostgresqlDatabase implements QuarkusTestResourceLifecycleManager {

    private String name;

    /** Creates a database named {@code prefix_} and a random suffix, and returns its name. */
    public static String create(String prefix) {
        String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute("CREATE DATABASE " + name);
        return name;
    }

    public static void drop(String name) {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    @Override
    public Map<String, String> start() {
        name = create("s2cs_test");
        return Map.of("STATE_JDBC_URL", OnPostgresql.SERVER + name, "STATE_USERNAME", OnPostgresql.USER);
    }

    @Override
    public void stop() {
        if (name != null) {
            drop(name);
        }
    }

    private static void execute(String sql) {
        try (Connection connection = OnPostgresql.admin(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL: " + sql + ": " + e.getMessage(), e);
        }
    }
}
