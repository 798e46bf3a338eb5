package io.github.segment2cs.segmentlib;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** Segment's Java library against the packaged application. */
@QuarkusIntegrationTest
class SegmentLibraryIT extends SegmentLibraryTest {
}
