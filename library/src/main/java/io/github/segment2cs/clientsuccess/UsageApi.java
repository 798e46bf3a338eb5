package io.github.segment2cs.clientsuccess;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The rules of the ClientSuccess Usage API ({@code POST {baseUrl}/collector/1.0.0/projects/{projectId}/events/{event}
 * ?api_key=…}): which event names it can take, how a name goes into the path, which answers are worth
 * trying again, and how long its {@code Retry-After} asks to wait.
 */
public final class UsageApi {

    /** The message header that carries the event's name in ClientSuccess. */
    public static final String EVENT_HEADER = "ClientSuccessEvent";

    /** The longest event name taken. */
    public static final int MAX_EVENT_NAME_LENGTH = 500;

    private UsageApi() {
    }

    /** Refuses a name ClientSuccess and a database cannot take: missing, blank, too long, or holding NUL. */
    public static void checkEventName(String eventName) {
        if (eventName == null || eventName.isBlank()) {
            throw new IllegalArgumentException("the ClientSuccess event name (header " + EVENT_HEADER
                    + ") is missing or blank");
        }
        if (eventName.length() > MAX_EVENT_NAME_LENGTH || eventName.indexOf('\u0000') >= 0) {
            throw new IllegalArgumentException("the ClientSuccess event name is longer than " + MAX_EVENT_NAME_LENGTH
                    + " characters or holds a NUL character");
        }
    }

    /**
     * A usage event's body as the JSON text to send: JSON text, its bytes, or a map, refused unless
     * it is a JSON object whose values are all finite numbers where they are numbers.
     */
    public static String eventJson(ObjectMapper json, Object body) throws IOException {
        JsonNode tree = body == null ? null
                : body instanceof String text ? json.readTree(text)
                        : body instanceof byte[] bytes ? json.readTree(bytes) : json.valueToTree(body);
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException("what is sent to ClientSuccess must be a JSON object, not "
                    + (tree == null ? "nothing" : tree.getNodeType().name().toLowerCase(Locale.ROOT)));
        }
        if (tree.findValues("value").stream()
                .anyMatch(value -> value.isDouble() && !Double.isFinite(value.doubleValue()))) {
            throw new IllegalArgumentException("the event's value is not a finite number");
        }
        return json.writeValueAsString(tree);
    }

    /**
     * Percent-encoding for one path segment or query value: a space is %20, not +, {@code *} is
     * encoded like every other reserved character, and a name of only dots ({@code .}, {@code ..})
     * is encoded whole, so that nothing between here and ClientSuccess reads it as a dot segment.
     */
    public static String encode(String value) {
        String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A");
        return !encoded.isEmpty() && encoded.chars().allMatch(c -> c == '.') ? encoded.replace(".", "%2E") : encoded;
    }

    /** Whether ClientSuccess may take later what it answered with this status: 408, 429 and 5xx. */
    public static boolean isTransient(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    /** {@code Retry-After} as milliseconds from now: delta-seconds or an HTTP date; null when absent or invalid. */
    public static Long retryAfterMillis(String header, long now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            long seconds = Long.parseLong(header.trim());
            return seconds < 0 ? null : Math.multiplyExact(seconds, 1000L);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 2;
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime date = ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                return Math.max(0, Duration.between(Instant.ofEpochMilli(now), date.toInstant()).toMillis());
            } catch (DateTimeParseException invalid) {
                return null;
            }
        }
    }
}
