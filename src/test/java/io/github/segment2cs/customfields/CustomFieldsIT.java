package io.github.segment2cs.customfields;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** Group and identify traits to ClientSuccess custom fields, on the packaged application. */
@QuarkusIntegrationTest
class CustomFieldsIT extends CustomFieldsTest {
}
