package io.github.segment2cs.support;

import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;

/** An in-memory H2 database of a test's own, in the PostgreSQL mode and settings the service uses. */
public final class ScratchH2 {

    private ScratchH2() {
    }

    /** A new database named {@code prefix-<uuid>}, kept until the JVM ends. */
    public static JdbcDataSource dataSource(String prefix) {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + prefix + "-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        return h2;
    }
}
