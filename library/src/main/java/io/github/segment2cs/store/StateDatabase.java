package io.github.segment2cs.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/** The state's database (embedded H2 or PostgreSQL) and a transaction helper over it. */
public class StateDatabase {

    private static final Pattern TABLE_NAME = Pattern.compile("s2cs_[a-z_]+");

    private final DataSource dataSource;
    private final boolean postgresql;
    private final StateOutage outage;
    /** Null unless the database is an embedded H2 file this process owns. */
    private final H2FileWrites fileWrites;

    /**
     * {@code postgresql}: the database is PostgreSQL (else H2 in its PostgreSQL mode). A commit is
     * as durable as the database makes it when it returns.
     */
    public StateDatabase(DataSource dataSource, boolean postgresql, StateOutage outage) {
        this(dataSource, postgresql, outage, null);
    }

    private StateDatabase(DataSource dataSource, boolean postgresql, StateOutage outage, H2FileWrites fileWrites) {
        this.dataSource = dataSource;
        this.postgresql = postgresql;
        this.outage = outage;
        this.fileWrites = fileWrites;
    }

    /**
     * An embedded H2 file that only this process opens (the service's default store): its commits
     * reach the file when {@link #awaitDurable} asks, many at once ({@link H2FileWrites}). Not for
     * a database others use too, whose own commits would wait as long.
     */
    public static StateDatabase ownH2File(DataSource dataSource, StateOutage outage) {
        return new StateDatabase(dataSource, false, outage, new H2FileWrites(dataSource));
    }

    /**
     * What ends a query that claims work: on PostgreSQL the rows are locked, and rows another
     * instance is claiming are passed over. H2 is embedded, so one instance alone uses it.
     */
    public String forClaim() {
        return postgresql ? " FOR UPDATE SKIP LOCKED" : "";
    }

    /**
     * Whether no other process can open the database: an embedded H2 file this process owns (see
     * {@link #ownH2File}). Work claimed in it is then claimed in memory ({@link ClaimsInMemory}).
     */
    public boolean ownedByThisProcess() {
        return fileWrites != null;
    }

    /** Whether the state is in PostgreSQL (else in the embedded H2). */
    public boolean isPostgresql() {
        return postgresql;
    }

    /**
     * How many rows {@code table} holds, for operators' counts, whatever the backlog. PostgreSQL
     * counts them. On H2 a COUNT(*) walks the whole table whenever another transaction is writing,
     * which under load is always; the table's size is read instead, in constant time. It is exact
     * whenever nothing is being written, and otherwise counts too the rows that other transactions
     * are inserting or deleting at that moment.
     */
    public long rowCount(String table) {
        if (!TABLE_NAME.matcher(table).matches()) {
            throw new IllegalArgumentException("not a table name: " + table);
        }
        return inTransaction(connection -> {
            Long size = postgresql ? null : Sql.queryOne(connection, "SELECT row_count_estimate FROM "
                    + "information_schema.tables WHERE table_schema = CURRENT_SCHEMA AND LOWER(table_name) = ?",
                    row -> row.getLong(1), table);
            // A host's H2 may find the tables on its schema search path rather than in the current schema.
            return size != null ? size : Sql.queryOne(connection, "SELECT COUNT(*) FROM " + table, row -> row.getLong(1));
        });
    }

    /**
     * At least as many as the rows {@code table} holds, at a cost that does not grow with them, for
     * the often asked "are there {@code n} or more?" (BacklogGate, RoutingPace): only a bound that
     * reaches {@code n} then needs a count, one that stops at {@code n}. On H2 it is the table's size
     * ({@link #rowCount}). On PostgreSQL, where a count reads every row it counts (5 ms for 20,000),
     * it is the span of the table's ids, from the two ends of its primary key.
     */
    public long rowsAtMost(String table) {
        if (!postgresql) {
            return rowCount(table);
        }
        if (!TABLE_NAME.matcher(table).matches()) {
            throw new IllegalArgumentException("not a table name: " + table);
        }
        return inTransaction(connection -> Sql.queryOne(connection, "SELECT COALESCE(MAX(id) - MIN(id) + 1, 0) FROM "
                + table, row -> row.getLong(1)));
    }

    /**
     * Locks the user until the transaction ends. A group call takes this lock while it stores the
     * membership, and holding an event takes it while it checks for one, so either the event sees
     * the membership or the group call's release sees the held event. On H2 an UPDATE of the lock's
     * row takes the same row lock as a SELECT … FOR UPDATE, which H2 never keeps among its parsed
     * statements: parsing it again took 8 % of the CPU of holding events.
     */
    public void lockUser(Connection connection, String userId) throws SQLException {
        Sql.update(connection, "INSERT INTO s2cs_user_lock (user_id) VALUES (?) ON CONFLICT DO NOTHING", userId);
        if (postgresql) {
            Sql.query(connection, "SELECT user_id FROM s2cs_user_lock WHERE user_id = ? FOR UPDATE",
                    row -> row.getString(1), userId);
        } else {
            Sql.update(connection, "UPDATE s2cs_user_lock SET user_id = user_id WHERE user_id = ?", userId);
        }
    }

    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs the work in one transaction: committed when it returns, rolled back when it throws. A
     * failure of the database itself, rather than of the data, is a {@link StateUnavailable}.
     */
    public <T> T inTransaction(Work<T> work) {
        T result;
        try (Connection connection = dataSource.getConnection()) {
            if (fileWrites != null) {
                fileWrites.onlyWhenAsked(connection);
            }
            connection.setAutoCommit(false);
            try {
                result = work.run(connection);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failure(e);
        }
        outage.available();
        return result;
    }

    /**
     * {@link #inTransaction}, then {@link #awaitDurable}: for work whose success is told to someone
     * outside (a sender, an operator).
     */
    public <T> T inDurableTransaction(Work<T> work) {
        T result = inTransaction(work);
        awaitDurable();
        return result;
    }

    /**
     * Returns once every transaction this thread committed before is durable: at once, except on an
     * embedded H2 file of this process's own, whose commits are written to the file when asked.
     * Call it before telling anyone outside that work is done; never while holding a connection.
     */
    public void awaitDurable() {
        if (fileWrites == null) {
            return;
        }
        try {
            fileWrites.await();
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private StateException failure(SQLException e) {
        StateException failure = StateException.of(e);
        if (failure instanceof StateUnavailable) {
            outage.failed(e);
        }
        return failure;
    }
}
