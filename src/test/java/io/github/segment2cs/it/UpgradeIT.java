package io.github.segment2cs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.segment2cs.support.FastClientSuccess;
import io.github.segment2cs.support.PackagedService;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * A store written by the release before the tables took their prefix (schema version 7): the
 * packaged application migrates it at start and carries on with what it held, losing nothing.
 */
class UpgradeIT {

    static final String H2_OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";

    @Test
    void aStoreOfSchemaVersion7KeepsItsMessagesMembershipsAndSeenMessageIds() throws Exception {
        String stateDir = Files.createTempDirectory(PackagedService.BUILD, "upgrade").toAbsolutePath().toString();
        String url = "jdbc:h2:file:" + stateDir + "/state" + H2_OPTIONS;
        Flyway.configure().dataSource(url, "sa", "").locations("filesystem:src/main/resources/db/segment2cs")
                .placeholders(Map.of("large_text", "CHARACTER LARGE OBJECT")).target("7").load().migrate();
        long now = System.currentTimeMillis();
        try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
            execute(connection, "INSERT INTO organization (group_id, name, updated_at) VALUES ('g-old', 'Old Co', ?)", now);
            execute(connection, "INSERT INTO membership (user_id, group_id, updated_at) VALUES ('grouped', 'g-old', ?)",
                    now);
            for (String user : List.of("grouped", "ungrouped")) {
                String message = "{\"type\":\"track\",\"userId\":\"" + user + "\",\"messageId\":\"old-" + user
                        + "\",\"event\":\"Old Event\",\"timestamp\":\"2026-11-01T10:00:00Z\"}";
                execute(connection, "INSERT INTO seen_message (source, message_id, seen_at) VALUES ('up', ?, ?)",
                        "old-" + user, now);
                execute(connection, "INSERT INTO inbox (source, message_id, order_key, received_at, message) "
                        + "VALUES ('up', ?, ?, ?, ?)", "old-" + user, user, now, message);
            }
        }

        List<String> received = new CopyOnWriteArrayList<>();
        try (FastClientSuccess clientSuccess = FastClientSuccess.start()) {
            clientSuccess.onRequest((uri, body) -> received.add(body));
            PackagedService service = new PackagedService("upgrade", Map.of("CLIENTSUCCESS_API_KEY", "key",
                    "CLIENTSUCCESS_PROJECT_ID", "proj", "CLIENTSUCCESS_BASE_URL", clientSuccess.baseUrl(),
                    "SEGMENT_WRITE_KEYS", "up", "STATE_DIR", stateDir));
            service.start();
            try {
                awaitReceived(received, 1);
                assertTrue(received.get(0).contains("\"id\":\"g-old\""), "the grouped user's event: " + received);

                String again = service.send("/v1/track", "up", "{\"type\":\"track\",\"userId\":\"grouped\","
                        + "\"messageId\":\"old-grouped\",\"event\":\"Old Event\"}").body();
                assertTrue(again.contains("\"duplicates\":1"), "a messageId seen before the upgrade: " + again);

                assertEquals(200, service.post("/v1/group", "up",
                        "{\"type\":\"group\",\"userId\":\"ungrouped\",\"groupId\":\"g-new\",\"traits\":{\"name\":\"New Co\"}}"));
                awaitReceived(received, 2);
                assertTrue(received.get(1).contains("\"id\":\"g-new\"") && received.get(1).contains("2026-11-01T10:00:00"),
                        "the ungrouped user's event, held, then released by the group call: " + received);
            } finally {
                service.stop();
            }
        }

        try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
            assertEquals(1, count(connection, "SELECT COUNT(*) FROM flyway_schema_history WHERE success AND version = '8'"));
            assertEquals(1, count(connection, "SELECT COUNT(*) FROM flyway_schema_history WHERE success AND version = '10'"));
            assertEquals(2, count(connection, "SELECT COUNT(*) FROM s2cs_delivered"));
            assertFalse(exists(connection, "inbox"), "the unprefixed table is gone");
            assertTrue(exists(connection, "s2cs_inbox"));
        }
    }

    static void awaitReceived(List<String> received, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (received.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(count, received.size(), "events received by ClientSuccess: " + received);
    }

    static void execute(Connection connection, String sql, Object... parameters) throws SQLException {
        try (var statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }

    static long count(Connection connection, String sql) throws SQLException {
        try (ResultSet result = connection.createStatement().executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    static boolean exists(Connection connection, String table) throws SQLException {
        try (ResultSet tables = connection.getMetaData().getTables(null, null, table, null)) {
            return tables.next();
        }
    }
}
