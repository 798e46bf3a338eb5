package io.github.segment2cs.segment;

import java.util.Map;

/** Segment's {@code integrations} object: whether a message opted out of this destination. */
public final class Integrations {

    public static final String DESTINATION = "ClientSuccess";

    private Integrations() {
    }

    /**
     * Opted out when {@code integrations.ClientSuccess} is false, or when {@code All} is false and
     * {@code ClientSuccess} is neither true nor an object (keys are case-sensitive).
     */
    public static boolean optedOut(SegmentMessage message) {
        Map<String, Object> integrations = message.integrations();
        Object own = integrations.get(DESTINATION);
        if (Boolean.FALSE.equals(own)) {
            return true;
        }
        boolean ownEnabled = Boolean.TRUE.equals(own) || own instanceof Map;
        return Boolean.FALSE.equals(integrations.get("All")) && !ownEnabled;
    }
}
