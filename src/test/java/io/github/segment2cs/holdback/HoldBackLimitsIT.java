package io.github.segment2cs.holdback;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The hold window, the cap and the operator's release and expire, on the packaged application. */
@QuarkusIntegrationTest
class HoldBackLimitsIT extends HoldBackLimitsTest {
}
