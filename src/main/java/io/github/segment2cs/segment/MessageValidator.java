package io.github.segment2cs.segment;

import java.util.Map;
import java.util.Set;

/** Checks one message against the Segment spec; returns the problem, naming the field, or null. */
public final class MessageValidator {

    public static final Set<String> TYPES = Set.of("identify", "group", "track", "page", "screen", "alias");
    static final int MAX_MESSAGE_ID_LENGTH = 100;

    private MessageValidator() {
    }

    public static String problem(SegmentMessage message) {
        String type = message.type();
        if (type == null) {
            return "field 'type' is required";
        }
        if (!TYPES.contains(type)) {
            return "field 'type' has unknown value '" + type + "' (expected one of identify, group, track, page, screen, alias)";
        }
        String messageId = message.messageId();
        if (messageId != null && messageId.length() > MAX_MESSAGE_ID_LENGTH) {
            return "field 'messageId' is longer than 100 characters";
        }
        if (message.userId() == null && message.anonymousId() == null) {
            return "field 'userId' or 'anonymousId' is required";
        }
        String timestampProblem = timestampProblem(message.fields());
        if (timestampProblem != null) {
            return timestampProblem;
        }
        switch (type) {
            case "track":
                return message.event() == null ? "field 'event' is required for track" : null;
            case "group":
                if (message.groupId() == null) {
                    return "field 'groupId' is required for group";
                }
                return message.traits().get("name") == null || message.traits().get("name").toString().isBlank()
                        ? "field 'traits.name' is required for group"
                        : null;
            case "alias":
                return message.previousId() == null ? "field 'previousId' is required for alias" : null;
            default:
                return null;
        }
    }

    private static String timestampProblem(Map<String, Object> fields) {
        for (String field : new String[] { "timestamp", "originalTimestamp", "sentAt", "receivedAt" }) {
            Object value = fields.get(field);
            if (value == null) {
                continue;
            }
            if (Timestamps.parse(value.toString()) == null) {
                return "field '" + field + "' is not an ISO-8601 date-time";
            }
        }
        return null;
    }
}
