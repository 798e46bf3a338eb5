package io.github.segment2cs.transform;

import io.github.segment2cs.segment.MessageValidator;
import io.github.segment2cs.segment.SegmentMessage;
import java.math.BigDecimal;
import java.time.Instant;

/** What a track, page or screen message becomes in ClientSuccess: an event id, a value and a time. */
public record UsageEvent(String eventId, Number value, Instant timestamp) {

    private static final Number ONE = 1L;

    /**
     * Checked again here, after page naming and renames, for messages accepted before receipt
     * checked it: the event is parked with this reason rather than stuck.
     */
    public UsageEvent {
        if (eventId.length() > MessageValidator.MAX_NAME_LENGTH || eventId.indexOf('\u0000') >= 0) {
            throw new IllegalArgumentException("the ClientSuccess event name is longer than "
                    + MessageValidator.MAX_NAME_LENGTH + " characters or holds a NUL character");
        }
        if (value instanceof Double number && !Double.isFinite(number)) {
            throw new IllegalArgumentException("the event's value is not a finite number");
        }
    }

    /** A track event: value {@code properties.csValue}, else {@code properties.value}, else 1. */
    public static UsageEvent ofTrack(String eventId, SegmentMessage message) {
        return new UsageEvent(eventId, value(message, "csValue", "value"), message.eventTime());
    }

    /** A page or screen view: value 1 unless {@code properties.csValue} says otherwise. */
    public static UsageEvent ofView(String eventId, SegmentMessage message) {
        return new UsageEvent(eventId, value(message, "csValue"), message.eventTime());
    }

    /** The first of the properties present; numbers and numeric strings count, anything else is 1. */
    static Number value(SegmentMessage message, String... properties) {
        Object value = null;
        for (int i = 0; value == null && i < properties.length; i++) {
            value = message.properties().get(properties[i]);
        }
        if (value == null || value instanceof Boolean) {
            return ONE;
        }
        try {
            BigDecimal number = new BigDecimal(value.toString().trim());
            boolean whole = number.stripTrailingZeros().scale() <= 0;
            boolean fitsLong = number.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0;
            return whole && fitsLong ? (Number) number.longValue() : number.doubleValue();
        } catch (NumberFormatException e) {
            return ONE;
        }
    }
}
