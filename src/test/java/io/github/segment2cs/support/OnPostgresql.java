package io.github.segment2cs.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;

/** The same service on PostgreSQL (127.0.0.1:5432, database test), chosen at run time by STATE_JDBC_URL. */
public class OnPostgresql implements QuarkusTestProfile {

    public static final String JDBC_URL = "jdbc:postgresql://127.0.0.1:5432/test";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("STATE_JDBC_URL", JDBC_URL,
                "quarkus.datasource.postgresql.username", "postgres",
                "quarkus.flyway.postgresql.clean-at-start", "true",
                "quarkus.flyway.postgresql.clean-disabled", "false");
    }

    /** For {@code @EnabledIf}: the PostgreSQL tests run where a server listens (CI starts one). */
    public static boolean available() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", 5432), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
