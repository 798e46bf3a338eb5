package io.github.segment2cs.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.net.ConnectException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

/**
 * The same service on PostgreSQL (127.0.0.1:5432, user postgres), in a database of its own that
 * {@link PostgresqlDatabase} creates for the run and drops afterwards: no existing database is
 * touched. Chosen at run time by STATE_JDBC_URL.
 */
public class OnPostgresql implements QuarkusTestProfile {

    public static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    public static final String USER = "postgres";

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(PostgresqlDatabase.class));
    }

    /**
     * For {@code @EnabledIf}: the PostgreSQL tests run where a server listens (CI starts one) and
     * are skipped where none does. A server that is up but refuses the login is an error that says
     * so, not a skip.
     */
    public static boolean available() {
        try (Connection connection = admin()) {
            return connection.isValid(2);
        } catch (SQLException e) {
            if (e.getCause() instanceof ConnectException) {
                return false;
            }
            throw new IllegalStateException("PostgreSQL answers on 127.0.0.1:5432 but the tests cannot log in as '"
                    + USER + "' without a password (they need trust authentication for local TCP): " + e.getMessage(),
                    e);
        }
    }

    /** A connection to the server's maintenance database, for creating and dropping test databases. */
    public static Connection admin() throws SQLException {
        return DriverManager.getConnection(SERVER + "postgres", USER, "");
    }
}
