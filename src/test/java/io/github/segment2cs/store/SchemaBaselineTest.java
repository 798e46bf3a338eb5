package io.github.segment2cs.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * The library's one-script schema (StateSchema, for embedding applications) and the service's chain
 * of migrations (V1 to V8, which upgrades older stores) end in the same tables, columns and indexes:
 * one store code runs on both.
 */
class SchemaBaselineTest {

    @Test
    void theBaselineAndTheServicesChainEndInTheSameSchema() throws Exception {
        JdbcDataSource chain = h2();
        Flyway.configure().dataSource(chain).locations("filesystem:src/main/resources/db/segment2cs")
                .placeholders(Map.of("large_text", "CHARACTER LARGE OBJECT")).load().migrate();
        JdbcDataSource baseline = h2();
        StateSchema.migrate(baseline, false);

        TreeSet<String> fromTheChain = describe(chain);
        assertFalse(fromTheChain.isEmpty());
        assertEquals(fromTheChain, describe(baseline));
    }

    static JdbcDataSource h2() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:schema-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        return h2;
    }

    /** Every column (type, size, nullability, default) and every named index of the s2cs_ tables. */
    static TreeSet<String> describe(JdbcDataSource dataSource) throws SQLException {
        TreeSet<String> schema = new TreeSet<>();
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData metadata = connection.getMetaData();
            try (ResultSet columns = metadata.getColumns(null, connection.getSchema(), "s2cs\\_%", "%")) {
                while (columns.next()) {
                    schema.add(columns.getString("TABLE_NAME") + "." + columns.getString("COLUMN_NAME") + " "
                            + columns.getString("TYPE_NAME") + "(" + columns.getInt("COLUMN_SIZE") + ") "
                            + columns.getString("IS_NULLABLE") + " default " + columns.getString("COLUMN_DEF"));
                }
            }
            try (ResultSet tables = metadata.getTables(null, connection.getSchema(), "s2cs\\_%", new String[] { "TABLE" })) {
                while (tables.next()) {
                    String table = tables.getString("TABLE_NAME");
                    if (table.equals(StateSchema.HISTORY_TABLE)) {
                        continue;
                    }
                    try (ResultSet indexes = metadata.getIndexInfo(null, connection.getSchema(), table, false, false)) {
                        while (indexes.next()) {
                            String name = indexes.getString("INDEX_NAME");
                            if (name != null && name.startsWith("s2cs_")) {
                                schema.add("index " + name + " on " + table + " " + indexes.getShort("ORDINAL_POSITION")
                                        + ":" + indexes.getString("COLUMN_NAME") + (indexes.getBoolean("NON_UNIQUE")
                                                ? "" : " unique"));
                            }
                        }
                    }
                }
            }
        }
        schema.removeIf(line -> line.startsWith(StateSchema.HISTORY_TABLE + "."));
        return schema;
    }
}
