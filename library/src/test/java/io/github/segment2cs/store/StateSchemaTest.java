package io.github.segment2cs.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.segment2cs.support.ScratchH2;
import io.github.segment2cs.support.ScratchPostgresql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The schema the library creates in a host application's database, beside the host's own tables,
 * and the stores working on it without any framework.
 */
class StateSchemaTest {

    @Test
    void inAHostsH2DatabaseTheSchemaComesBesideItsTablesAndTheStoresWork() throws Exception {
        createsItsSchemaBesideTheHostsTablesAndTheStoresWork(ScratchH2.dataSource("host"), false);
    }

    @Test
    void inAHostsPostgresqlDatabaseToo() throws Exception {
        try (ScratchPostgresql postgresql = new ScratchPostgresql("s2cs_schema")) {
            createsItsSchemaBesideTheHostsTablesAndTheStoresWork(postgresql.dataSource(), true);
        }
    }

    void createsItsSchemaBesideTheHostsTablesAndTheStoresWork(DataSource dataSource, boolean postgresql)
            throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE inbox (id INTEGER PRIMARY KEY, subject VARCHAR(100))");
            statement.execute("INSERT INTO inbox VALUES (1, 'the host''s own')");
        }

        StateSchema.migrate(dataSource, postgresql);
        StateSchema.migrate(dataSource, postgresql);

        List<String> tables = tables(dataSource);
        assertTrue(tables.contains("inbox") && tables.contains("s2cs_inbox") && tables.contains("s2cs_outbox")
                && tables.contains(StateSchema.HISTORY_TABLE), tables.toString());
        assertEquals(List.of("inbox"), tables.stream().filter(table -> !table.startsWith("s2cs_")).toList(),
                "no table of the library without its prefix");
        try (Connection connection = dataSource.getConnection();
                ResultSet host = connection.createStatement().executeQuery("SELECT subject FROM inbox WHERE id = 1")) {
            assertTrue(host.next());
            assertEquals("the host's own", host.getString(1));
        }

        StateDatabase database = new StateDatabase(dataSource, postgresql, new StateOutage());
        InstanceRegistry instance = new InstanceRegistry(database);
        instance.heartbeat();
        InboxStore inbox = new InboxStore(database, instance, Duration.ofDays(1));
        boolean[] fresh = inbox.accept(List.of(accepted("m1", "u1"), accepted("m2", "u2"), accepted("m1", "u1")));
        assertArrayEquals(new boolean[] { true, true, false }, fresh, "the repeat of m1 is a duplicate");
        List<InboxStore.Entry> claimed = inbox.claim(10, Duration.ofSeconds(30));
        assertEquals(List.of("m1", "m2"), claimed.stream().map(InboxStore.Entry::messageId).toList());
        assertEquals("u1", claimed.get(0).orderKey());
    }

    static InboxStore.Accepted accepted(String messageId, String userId) {
        return new InboxStore.Accepted("host", messageId, userId, System.currentTimeMillis(),
                "{\"type\":\"track\",\"userId\":\"" + userId + "\",\"messageId\":\"" + messageId + "\",\"event\":\"E\"}");
    }

    static List<String> tables(DataSource dataSource) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                ResultSet found = connection.getMetaData().getTables(null, connection.getSchema(), "%",
                        new String[] { "TABLE" })) {
            while (found.next()) {
                tables.add(found.getString("TABLE_NAME").toLowerCase(java.util.Locale.ROOT));
            }
        }
        return tables;
    }
}
