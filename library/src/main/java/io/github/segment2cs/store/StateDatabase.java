package io.github.segment2cs.store;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** The state's database (embedded H2 or PostgreSQL) and a transaction helper over it. */
public class StateDatabase {

    private final DataSource dataSource;
    private final boolean postgresql;
    private final StateOutage outage;

    /** {@code postgresql}: the database is PostgreSQL (else H2 in its PostgreSQL mode). */
    public StateDatabase(DataSource dataSource, boolean postgresql, StateOutage outage) {
        this.dataSource = dataSource;
        this.postgresql = postgresql;
        this.outage = outage;
    }

    /**
     * What ends a query that claims work: on PostgreSQL the rows are locked, and rows another
     * instance is claiming are passed over. H2 is embedded, so one instance alone uses it.
     */
    public String forClaim() {
        return postgresql ? " FOR UPDATE SKIP LOCKED" : "";
    }

    /** Whether the state is in PostgreSQL (else in the embedded H2). */
    public boolean isPostgresql() {
        return postgresql;
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
            connection.setAutoCommit(false);
            try {
                result = work.run(connection);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            StateException failure = StateException.of(e);
            if (failure instanceof StateUnavailable) {
                outage.failed(e);
            }
            throw failure;
        }
        outage.available();
        return result;
    }
}
