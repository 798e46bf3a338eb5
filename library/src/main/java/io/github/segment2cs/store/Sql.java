package io.github.segment2cs.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/** Small JDBC helpers shared by the stores; the SQL itself stays in each store. */
public final class Sql {

    private Sql() {
    }

    public interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    /**
     * The value made fit for a column of {@code length} characters, for columns that only describe
     * (a dead letter's userId, its reason): cut to size, and without NUL characters, which
     * PostgreSQL's text cannot hold.
     */
    static String clip(String value, int length) {
        if (value == null) {
            return null;
        }
        String text = value.indexOf('\u0000') < 0 ? value : value.replace("\u0000", "");
        return text.length() <= length ? text : text.substring(0, length);
    }

    public static int update(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, parameters)) {
            return statement.executeUpdate();
        }
    }

    /** Runs the statement once per row of parameters, as one JDBC batch; returns each row's count. */
    public static int[] batch(Connection connection, String sql, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return new int[0];
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            addBatch(statement, rows);
            return statement.executeBatch();
        }
    }

    private static void addBatch(PreparedStatement statement, List<Object[]> rows) throws SQLException {
        for (Object[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                bind(statement, i + 1, row[i]);
            }
            statement.addBatch();
        }
    }

    /**
     * {@link #batch} for inserts into a table whose {@code id} column the database generates: returns
     * each row's id, in order.
     */
    static long[] insertAll(Connection connection, String sql, List<Object[]> rows) throws SQLException {
        long[] ids = new long[rows.size()];
        if (rows.isEmpty()) {
            return ids;
        }
        try (PreparedStatement statement = connection.prepareStatement(sql, new String[] { "id" })) {
            addBatch(statement, rows);
            statement.executeBatch();
            try (ResultSet keys = statement.getGeneratedKeys()) {
                for (int i = 0; i < ids.length; i++) {
                    if (!keys.next()) {
                        throw new SQLException("The database gave " + i + " generated ids for " + ids.length + " rows");
                    }
                    ids[i] = keys.getLong(1);
                }
            }
        }
        return ids;
    }

    public static <T> List<T> query(Connection connection, String sql, RowMapper<T> mapper, Object... parameters)
            throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, parameters);
                ResultSet rows = statement.executeQuery()) {
            List<T> result = new ArrayList<>();
            while (rows.next()) {
                result.add(mapper.map(rows));
            }
            return result;
        }
    }

    public static <T> T queryOne(Connection connection, String sql, RowMapper<T> mapper, Object... parameters)
            throws SQLException {
        List<T> rows = query(connection, sql, mapper, parameters);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** Updates the row, or inserts it when there is none (portable across H2 and PostgreSQL). */
    static void upsert(Connection connection, String updateSql, Object[] updateParameters, String insertSql,
            Object[] insertParameters) throws SQLException {
        if (update(connection, updateSql, updateParameters) == 0
                && update(connection, insertSql + " ON CONFLICT DO NOTHING", insertParameters) == 0) {
            update(connection, updateSql, updateParameters);
        }
    }

    static PreparedStatement prepare(Connection connection, String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            bind(statement, i + 1, parameters[i]);
        }
        return statement;
    }

    static void bind(PreparedStatement statement, int index, Object value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.NULL);
        } else if (value instanceof Long number) {
            statement.setLong(index, number);
        } else if (value instanceof Integer number) {
            statement.setInt(index, number);
        } else {
            statement.setString(index, value.toString());
        }
    }

    static Long nullableLong(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : value;
    }

    static Integer nullableInt(ResultSet row, String column) throws SQLException {
        int value = row.getInt(column);
        return row.wasNull() ? null : value;
    }
}
