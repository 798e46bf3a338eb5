package io.github.segment2cs.segment;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Read-only typed access to one Segment-spec message held as a JSON map. */
public record SegmentMessage(Map<String, Object> fields) {

    public static final String RECEIVED_AT = "receivedAt";

    public String type() {
        return text("type");
    }

    public String messageId() {
        return text("messageId");
    }

    public String userId() {
        return text("userId");
    }

    /**
     * Which messages must be routed in the order they arrived: those with the same key, the user's.
     * Null for a group or alias call: it changes what other users' events resolve to (an
     * organization, a merged user), so it is routed in order with every message.
     */
    public String orderKey() {
        String type = type();
        if ("group".equals(type) || "alias".equals(type)) {
            return null;
        }
        String userId = userId();
        return userId == null ? "" : userId;
    }

    public String anonymousId() {
        return text("anonymousId");
    }

    public String event() {
        return text("event");
    }

    public String name() {
        return text("name");
    }

    public String category() {
        return text("category");
    }

    public String groupId() {
        return text("groupId");
    }

    public String previousId() {
        return text("previousId");
    }

    public Map<String, Object> traits() {
        return object("traits");
    }

    public Map<String, Object> properties() {
        return object("properties");
    }

    public Map<String, Object> context() {
        return object("context");
    }

    public Map<String, Object> integrations() {
        return object("integrations");
    }

    /** {@code context.groupId}: the organization this one event is about, if the sender said. */
    public String contextGroupId() {
        Object value = context().get("groupId");
        return value == null ? null : value.toString();
    }

    /**
     * When the event happened: {@code timestamp}; else {@code originalTimestamp} corrected for the
     * sender's clock ({@code receivedAt - (sentAt - originalTimestamp)}) when all three are known;
     * else {@code originalTimestamp}; else the time of receipt.
     */
    public Instant eventTime() {
        Instant timestamp = instant("timestamp");
        if (timestamp != null) {
            return timestamp;
        }
        Instant original = instant("originalTimestamp");
        Instant received = instant(RECEIVED_AT);
        Instant sent = instant("sentAt");
        if (original != null && sent != null && received != null) {
            return received.minus(Duration.between(original, sent));
        }
        return original != null ? original : received;
    }

    public String text(String field) {
        Object value = fields.get(field);
        if (value == null || value instanceof Map || value instanceof Iterable) {
            return null;
        }
        String text = value.toString();
        return text.isBlank() ? null : text;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> object(String field) {
        Object value = fields.get(field);
        return value instanceof Map ? (Map<String, Object>) value : Map.of();
    }

    private Instant instant(String field) {
        String text = text(field);
        if (text == null) {
            return null;
        }
        return Timestamps.parse(text);
    }
}
