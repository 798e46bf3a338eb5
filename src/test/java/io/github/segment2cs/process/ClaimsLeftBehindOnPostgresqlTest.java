package io.github.segment2cs.process;

import io.github.segment2cs.support.OnPostgresql;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.condition.EnabledIf;

/** The same, with the state in PostgreSQL, where claims are written to the rows rather than kept in memory. */
@QuarkusTest
@TestProfile(OnPostgresql.class)
@EnabledIf("io.github.segment2cs.support.OnPostgresql#available")
class ClaimsLeftBehindOnPostgresqlTest extends ClaimsLeftBehindTest {
}
