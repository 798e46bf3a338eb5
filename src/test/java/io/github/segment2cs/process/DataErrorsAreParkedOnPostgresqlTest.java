package io.github.segment2cs.process;

import io.github.segment2cs.support.OnPostgresql;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.condition.EnabledIf;

/** The same checks on PostgreSQL, whose refusals (SQLState 22001, 22021) differ from H2's. */
@QuarkusTest
@TestProfile(OnPostgresql.class)
@EnabledIf("io.github.segment2cs.support.OnPostgresql#available")
class DataErrorsAreParkedOnPostgresqlTest extends DataErrorsAreParkedTest {
}
