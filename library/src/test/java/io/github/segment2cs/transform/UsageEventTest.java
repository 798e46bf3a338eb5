package io.github.segment2cs.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.segment2cs.segment.Headers;
import io.github.segment2cs.segment.SegmentMessage;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.Message;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultMessage;
import org.junit.jupiter.api.Test;

class UsageEventTest {

    private static final String EVENT_ID = "Report Submitted";
    private static final String TIME = "2024-03-01T10:00:00Z";
    private static final long DEFAULT_VALUE = 1L;

    @Test
    void theEventTakesItsNameAndValueFromTheHeadersAndItsTimeFromTheMessage() {
        Message in = new DefaultMessage(new DefaultCamelContext());
        in.setHeader(Headers.EVENT_NAME, EVENT_ID);
        in.setHeader(Headers.EVENT_VALUE, "12.5");
        UsageEvent event = UsageEvent.of(in, message(Map.of("value", 9)));

        assertEquals(EVENT_ID, event.eventName());
        assertEquals(12.5, event.value(), "a value set by a route counts, as text too");
        assertEquals(Instant.parse(TIME), event.timestamp());
    }

    @Test
    void anEventWithoutANameIsRefusedNamingTheHeader() {
        Message in = new DefaultMessage(new DefaultCamelContext());
        in.setHeader(Headers.EVENT_NAME, " ");
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> UsageEvent.of(in, message(Map.of())));
        assertTrue(refused.getMessage().contains(Headers.EVENT_NAME), refused.getMessage());
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
        assertEquals(DEFAULT_VALUE, viewValue(Map.of("value", 9)));
    }

    @Test
    void viewTakesCsValue() {
        assertEquals(4L, viewValue(Map.of("csValue", "4", "value", 9)));
    }

    private static Number trackValue(Map<String, Object> properties) {
        return UsageEvent.value(message(properties), "csValue", "value");
    }

    private static Number viewValue(Map<String, Object> properties) {
        return UsageEvent.value(message(properties), "csValue");
    }

    private static SegmentMessage message(Map<String, Object> properties) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("type", "track");
        fields.put("timestamp", TIME);
        fields.put("properties", properties);
        return new SegmentMessage(fields);
    }
}
