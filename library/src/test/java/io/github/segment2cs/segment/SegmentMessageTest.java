package io.github.segment2cs.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SegmentMessageTest {

    private static final String TIMESTAMP = "2024-03-01T09:00:00Z";
    private static final String ORIGINAL = "2024-03-01T10:00:00Z";
    // The device clock says it sent the event 5 s after it happened...
    private static final String SENT_AT = "2024-03-01T10:00:05Z";
    // ...and the server received it at 12:00:10, so the device clock is ~2 h behind.
    private static final String RECEIVED_AT = "2024-03-01T12:00:10Z";
    private static final Instant CORRECTED = Instant.parse("2024-03-01T12:00:05Z");

    @Test
    void timestampWinsOverEverythingElse() {
        SegmentMessage message = message("timestamp", TIMESTAMP, "originalTimestamp", ORIGINAL, "sentAt", SENT_AT,
                "receivedAt", RECEIVED_AT);

        assertEquals(Instant.parse(TIMESTAMP), message.eventTime());
    }

    @Test
    void timestampOffsetIsHonoured() {
        SegmentMessage message = message("timestamp", "2024-03-01T11:00:00+02:00");

        assertEquals(Instant.parse(TIMESTAMP), message.eventTime());
    }

    @Test
    void originalTimestampIsCorrectedForTheSendersClock() {
        SegmentMessage message = message("originalTimestamp", ORIGINAL, "sentAt", SENT_AT, "receivedAt", RECEIVED_AT);

        assertEquals(CORRECTED, message.eventTime());
    }

    @Test
    void originalTimestampIsUsedAsIsWhenSentAtIsUnknown() {
        SegmentMessage message = message("originalTimestamp", ORIGINAL, "receivedAt", RECEIVED_AT);

        assertEquals(Instant.parse(ORIGINAL), message.eventTime());
    }

    @Test
    void originalTimestampIsUsedAsIsWhenReceivedAtIsUnknown() {
        SegmentMessage message = message("originalTimestamp", ORIGINAL, "sentAt", SENT_AT);

        assertEquals(Instant.parse(ORIGINAL), message.eventTime());
    }

    @Test
    void receivedAtIsTheLastResort() {
        SegmentMessage message = message("sentAt", SENT_AT, "receivedAt", RECEIVED_AT);

        assertEquals(Instant.parse(RECEIVED_AT), message.eventTime());
    }

    @Test
    void noTimeAtAllIsUnknown() {
        assertNull(message().eventTime());
    }

    private static SegmentMessage message(String... keysAndValues) {
        Map<String, Object> fields = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            fields.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return new SegmentMessage(fields);
    }
}
