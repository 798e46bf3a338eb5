package io.github.segment2cs.receive;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same checks against the packaged application (JVM jar, or the native binary with -Pnative). */
@QuarkusIntegrationTest
class WebhooksActionsIT extends WebhooksActionsTest {
}
