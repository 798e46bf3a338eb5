package io.github.segment2cs.routes;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same edits against the packaged application (JVM jar, or the native binary with -Pnative). */
@QuarkusIntegrationTest
class OrdinaryEditsIT extends OrdinaryEditsTest {
}
