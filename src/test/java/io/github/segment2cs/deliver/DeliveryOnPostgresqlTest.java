package io.github.segment2cs.deliver;

import io.github.segment2cs.support.OnPostgresql;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.condition.EnabledIf;

/** Every delivery check again, with the state in PostgreSQL instead of the embedded H2. */
@QuarkusTest
@TestProfile(OnPostgresql.class)
@EnabledIf("io.github.segment2cs.support.OnPostgresql#available")
class DeliveryOnPostgresqlTest extends DeliveryTest {
}
