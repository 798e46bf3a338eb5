package io.github.segment2cs.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.h2.jdbcx.JdbcConnectionPool;

/** An embedded H2 file as the service opens it, and a process dying over it, for the file-write tests. */
final class EmbeddedH2File {

    private EmbeddedH2File() {
    }

    /** The URL of a file in {@code directory}, with the settings of the service's own (WRITE_DELAY=0 above all). */
    static String url(Path directory) {
        return "jdbc:h2:file:" + directory.resolve("state") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
    }

    /** The process dies: H2's SHUTDOWN IMMEDIATELY closes the file without writing anything. */
    static void crash(JdbcConnectionPool pool) {
        try (Connection connection = pool.getConnection()) {
            connection.createStatement().execute("SHUTDOWN IMMEDIATELY");
        } catch (SQLException closedWhileAnswering) {
            // H2 may report the closed database to the statement that closed it.
        }
        pool.dispose();
    }
}
