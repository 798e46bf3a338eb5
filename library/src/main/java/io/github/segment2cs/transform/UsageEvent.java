package io.github.segment2cs.transform;

import io.github.segment2cs.clientsuccess.UsageApi;
import io.github.segment2cs.segment.Headers;
import io.github.segment2cs.segment.SegmentMessage;
import java.math.BigDecimal;
import java.time.Instant;
import org.apache.camel.Message;

/**
 * What a track, page or screen message becomes in ClientSuccess: an event name, a value and a time.
 * The name and the value travel as headers ({@link Headers#EVENT_NAME}, {@link Headers#EVENT_VALUE})
 * so that routes can change them; they are checked again here when the event is built.
 */
public record UsageEvent(String eventName, Number value, Instant timestamp) {

    private static final Number ONE = 1L;

    /**
     * Checked after page naming, renames and route edits, and for messages accepted before receipt
     * checked names: the event is parked with this reason rather than stuck.
     */
    public UsageEvent {
        UsageApi.checkEventName(eventName);
        if (value instanceof Double number && !Double.isFinite(number)) {
            throw new IllegalArgumentException("the event's value is not a finite number");
        }
    }

    /** The event name and value as the routes left them, the time from the message. */
    public static UsageEvent of(Message in, SegmentMessage message) {
        return new UsageEvent(in.getHeader(Headers.EVENT_NAME, String.class), number(in.getHeader(Headers.EVENT_VALUE)),
                message.eventTime());
    }

    static void setHeaders(Message in, String eventName, Number value) {
        in.setHeader(Headers.EVENT_NAME, eventName);
        in.setHeader(Headers.EVENT_VALUE, value);
    }

    /** The first of the message's properties present, as a value (see {@link #number}). */
    static Number value(SegmentMessage message, String... properties) {
        Object value = null;
        for (int i = 0; value == null && i < properties.length; i++) {
            value = message.properties().get(properties[i]);
        }
        return number(value);
    }

    /** Numbers and numeric text count; anything else (none, true, "abc") is 1. */
    static Number number(Object value) {
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
