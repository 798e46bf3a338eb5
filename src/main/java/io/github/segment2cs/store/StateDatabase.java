package io.github.segment2cs.store;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The one active datasource (see StateDatabaseSelector) and a transaction helper over it. */
@ApplicationScoped
public class StateDatabase {

    @Inject
    @Any
    Instance<AgroalDataSource> dataSources;

    @ConfigProperty(name = "quarkus.datasource.postgresql.active")
    boolean postgresql;

    @Inject
    StateOutage outage;

    private javax.sql.DataSource dataSource;

    @PostConstruct
    void select() {
        dataSource = postgresql
                ? dataSources.select(new DataSource.DataSourceLiteral("postgresql")).get()
                : dataSources.select(Default.Literal.INSTANCE).get();
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
