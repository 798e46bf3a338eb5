package io.github.segment2cs.deliver;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same deliveries through the packaged application. */
@QuarkusIntegrationTest
class DeliveryIT extends DeliveryTest {
}
