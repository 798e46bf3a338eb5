package io.github.segment2cs.segment;

import io.github.segment2cs.clientsuccess.UsageApi;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks one message against the Segment spec and against what the service can store and send;
 * returns the problem, naming the field, or null. A message it passes is never stuck later for a
 * value the store cannot take: every field the service stores has its limit here (README "Limits").
 */
public final class MessageValidator {

    public static final Set<String> TYPES = Set.of("identify", "group", "track", "page", "screen", "alias");
    static final int MAX_MESSAGE_ID_LENGTH = 100;
    /** userId, anonymousId, groupId, previousId: the store's identifier columns. */
    public static final int MAX_ID_LENGTH = 200;
    /** A track's event, a page's name and category, a group's name. */
    public static final int MAX_NAME_LENGTH = UsageApi.MAX_EVENT_NAME_LENGTH;
    /** Each part of a person's name (first, last, or the whole name that is split into both). */
    public static final int MAX_PERSON_NAME_LENGTH = 200;
    public static final int MAX_EMAIL_LENGTH = 320;

    private static final String[] IDS = { "userId", "anonymousId", "groupId", "previousId" };
    private static final String[] PERSON_NAME_TRAITS = { "name", "firstName", "first_name", "lastName", "last_name" };
    private static final String[] VALUE_PROPERTIES = { "csValue", "value" };

    private MessageValidator() {
    }

    public static String problem(SegmentMessage message) {
        String type = message.type();
        if (type == null) {
            return "field 'type' is required";
        }
        if (!TYPES.contains(type)) {
            return "field 'type' has unknown value '" + LogSafe.text(clip(type))
                    + "' (expected one of identify, group, track, page, screen, alias)";
        }
        String problem = tooLong("messageId", message.messageId(), MAX_MESSAGE_ID_LENGTH);
        if (problem == null) {
            problem = idProblem(message.fields());
        }
        if (problem != null) {
            return problem;
        }
        if (message.userId() == null && message.anonymousId() == null) {
            return "field 'userId' or 'anonymousId' is required";
        }
        problem = timestampProblem(message.fields());
        if (problem == null) {
            problem = lengthProblem(message);
        }
        if (problem == null) {
            problem = numberProblem(message);
        }
        if (problem == null) {
            problem = nonFiniteProblem(message.fields());
        }
        return problem != null ? problem : requiredFieldProblem(type, message);
    }

    private static String requiredFieldProblem(String type, SegmentMessage message) {
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

    /** Identifiers are strings, or numbers that Segment's libraries send as they are; nothing else. */
    private static String idProblem(Map<String, Object> fields) {
        for (String field : IDS) {
            Object value = fields.get(field);
            if (value != null && !(value instanceof String) && !(value instanceof Number)) {
                return "field '" + field + "' must be a string or a number";
            }
            String problem = tooLong(field, value, MAX_ID_LENGTH);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static String lengthProblem(SegmentMessage message) {
        String problem = tooLong("event", message.fields().get("event"), MAX_NAME_LENGTH);
        if (problem == null) {
            problem = tooLong("name", message.fields().get("name"), MAX_NAME_LENGTH);
        }
        if (problem == null) {
            problem = tooLong("category", message.fields().get("category"), MAX_NAME_LENGTH);
        }
        if (problem == null && "group".equals(message.type())) {
            problem = tooLong("traits.name", message.traits().get("name"), MAX_NAME_LENGTH);
        }
        if (problem == null && "identify".equals(message.type())) {
            for (String trait : PERSON_NAME_TRAITS) {
                problem = problem != null ? problem
                        : tooLong("traits." + trait, message.traits().get(trait), MAX_PERSON_NAME_LENGTH);
            }
            problem = problem != null ? problem : tooLong("traits.email", message.traits().get("email"), MAX_EMAIL_LENGTH);
        }
        return problem;
    }

    /** Over the column's size, or holding a NUL character, which PostgreSQL's text cannot store. */
    private static String tooLong(String field, Object value, int limit) {
        if (value == null) {
            return null;
        }
        String text = value.toString();
        if (text.length() > limit) {
            return "field '" + field + "' is longer than " + limit + " characters";
        }
        return text.indexOf('\u0000') >= 0 ? "field '" + field + "' holds a NUL character" : null;
    }

    /** A usage value given as text must still be a number ClientSuccess can take. */
    private static String numberProblem(SegmentMessage message) {
        for (String property : VALUE_PROPERTIES) {
            if (message.properties().get(property) instanceof String text) {
                try {
                    if (Double.isInfinite(new BigDecimal(text.trim()).doubleValue())) {
                        return "field 'properties." + property + "' is not a finite number";
                    }
                } catch (NumberFormatException notANumber) {
                    // Not numeric text: the value falls back to 1, as documented.
                }
            }
        }
        return null;
    }

    /** A number too large for a double (1e400) would reach ClientSuccess as the text "Infinity". */
    private static String nonFiniteProblem(Map<String, Object> fields) {
        String path = nonFinitePath(fields);
        return path == null ? null : "field '" + clip(path) + "' is not a finite number";
    }

    /** Where in the value a number is not finite ("" for the value itself), or null; built only when found. */
    private static String nonFinitePath(Object value) {
        if (value instanceof Double number) {
            return Double.isFinite(number) ? null : "";
        }
        if (value instanceof Map<?, ?> object) {
            for (Map.Entry<?, ?> entry : object.entrySet()) {
                String below = nonFinitePath(entry.getValue());
                if (below != null) {
                    return entry.getKey() + (below.isEmpty() || below.startsWith("[") ? "" : ".") + below;
                }
            }
        } else if (value instanceof List<?> array) {
            for (int i = 0; i < array.size(); i++) {
                String below = nonFinitePath(array.get(i));
                if (below != null) {
                    return "[" + i + "]" + (below.isEmpty() || below.startsWith("[") ? "" : ".") + below;
                }
            }
        }
        return null;
    }

    private static String timestampProblem(Map<String, Object> fields) {
        for (String field : new String[] { "timestamp", "originalTimestamp", "sentAt", "receivedAt" }) {
            Object value = fields.get(field);
            if (value == null) {
                continue;
            }
            if (Timestamps.parse(value.toString()) == null) {
                return "field '" + field + "' is not an ISO-8601 date-time of a date that exists";
            }
        }
        return null;
    }

    private static String clip(String text) {
        return text.length() > 100 ? text.substring(0, 100) + "..." : text;
    }
}
