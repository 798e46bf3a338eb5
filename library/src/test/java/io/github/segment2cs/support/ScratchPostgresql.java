package io.github.segment2cs.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A PostgreSQL database of a test's own on 127.0.0.1:5432 (user postgres, no password, as on the
 * project's machines and in .ci/run), dropped on close. The test is skipped when no server listens.
 */
public final class ScratchPostgresql implements AutoCloseable {

    static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";

    private final String name;

    public ScratchPostgresql(String prefix) {
        name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin = admin()) {
            admin.createStatement().execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            Assumptions.abort("no PostgreSQL that lets postgres log in on 127.0.0.1:5432: " + e.getMessage());
        }
    }

    public PGSimpleDataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(SERVER + name);
        dataSource.setUser("postgres");
        return dataSource;
    }

    @Override
    public void close() throws SQLException {
        try (Connection admin = admin()) {
            admin.createStatement().execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    private static Connection admin() throws SQLException {
        return DriverManager.getConnection(SERVER + "postgres", "postgres", "");
    }
}
