package io.github.segment2cs.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.segment2cs.segment.SegmentMessage;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UsageEventTest {

    private static final String EVENT_ID = "Report Submitted";
    private static final String TIME = "2024-03-01T10:00:00Z";
    private static final long DEFAULT_VALUE = 1L;

    @Test
    void trackCarriesEventIdAndEventTime() {
        UsageEvent event = UsageEvent.ofTrack(EVENT_ID, message(Map.of()));

        assertEquals(EVENT_ID, event.eventId());
        assertEquals(Instant.parse(TIME), event.timestamp());
    }

    @Test
    void trackPrefersCsValueOverValue() {
        assertEquals(5L, trackValue(Map.of("csValue", 5, "value", 9)));
    }

    @Test
    void trackFallsBackToValue() {
        assertEquals(9L, trackValue(Map.of("value", 9)));
    }

    @Test
    void trackWithoutValueCountsOne() {
        assertEquals(DEFAULT_VALUE, trackValue(Map.of("plan", "pro")));
    }

    @Test
    void numericStringsCount() {
        assertEquals(42L, trackValue(Map.of("value", "42")));
        assertEquals(2.5, trackValue(Map.of("value", " 2.5 ")));
    }

    @Test
    void nonNumericValueCountsOne() {
        assertEquals(DEFAULT_VALUE, trackValue(Map.of("value", "lots")));
        assertEquals(DEFAULT_VALUE, trackValue(Map.of("value", true)));
        assertEquals(DEFAULT_VALUE, trackValue(Map.of("value", Map.of("amount", 3))));
    }

    @Test
    void fractionalAndNegativeValuesAreKept() {
        assertEquals(19.99, trackValue(Map.of("value", 19.99)));
        assertEquals(-3L, trackValue(Map.of("value", -3)));
        assertEquals(-0.75, trackValue(Map.of("csValue", new BigDecimal("-0.75"))));
    }

    @Test
    void wholeDecimalsBecomeIntegers() {
        // Sent as 3.0 but ClientSuccess should see 3, not 3.0.
        assertEquals(3L, trackValue(Map.of("value", 3.0)));
    }

    @Test
    void viewCountsOneIgnoringPropertiesValue() {
        UsageEvent view = UsageEvent.ofView("Pageview", message(Map.of("value", 9)));

        assertEquals(DEFAULT_VALUE, view.value());
    }

    @Test
    void viewTakesCsValue() {
        UsageEvent view = UsageEvent.ofView("Pageview", message(Map.of("csValue", "4", "value", 9)));

        assertEquals(4L, view.value());
        assertEquals(Instant.parse(TIME), view.timestamp());
    }

    private static Number trackValue(Map<String, Object> properties) {
        return UsageEvent.ofTrack(EVENT_ID, message(properties)).value();
    }

    private static SegmentMessage message(Map<String, Object> properties) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("type", "track");
        fields.put("timestamp", TIME);
        fields.put("properties", properties);
        return new SegmentMessage(fields);
    }
}
