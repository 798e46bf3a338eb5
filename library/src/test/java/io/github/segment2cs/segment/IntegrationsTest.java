package io.github.segment2cs.segment;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IntegrationsTest {

    private static final String OWN = Integrations.DESTINATION;
    private static final String ALL = "All";

    @Test
    void noIntegrationsObjectMeansIn() {
        assertFalse(Integrations.optedOut(new SegmentMessage(Map.of("type", "track"))));
    }

    @Test
    void ownFlagFalseOptsOut() {
        assertTrue(optedOut(Map.of(OWN, false)));
    }

    @Test
    void ownFlagFalseOptsOutEvenWhenAllIsTrue() {
        assertTrue(optedOut(Map.of(ALL, true, OWN, false)));
    }

    @Test
    void allFalseWithoutOwnFlagOptsOut() {
        assertTrue(optedOut(Map.of(ALL, false)));
    }

    @Test
    void allFalseWithOwnFlagNotABooleanOrObjectOptsOut() {
        assertTrue(optedOut(Map.of(ALL, false, OWN, "yes")));
    }

    @Test
    void allFalseButOwnFlagTrueIsIn() {
        assertFalse(optedOut(Map.of(ALL, false, OWN, true)));
    }

    @Test
    void allFalseButOwnOptionsObjectIsIn() {
        assertFalse(optedOut(Map.of(ALL, false, OWN, Map.of())));
        assertFalse(optedOut(Map.of(ALL, false, OWN, Map.of("someOption", 1))));
    }

    @Test
    void otherDestinationsBeingOffDoesNotMatter() {
        assertFalse(optedOut(Map.of("Mixpanel", false, ALL, true)));
    }

    @Test
    void ownKeyIsCaseSensitive() {
        assertFalse(optedOut(Map.of("clientsuccess", false)));
        // Enabling under the wrong spelling does not rescue a message with All off either.
        assertTrue(optedOut(Map.of(ALL, false, "clientsuccess", true)));
    }

    @Test
    void allKeyIsCaseSensitive() {
        assertFalse(optedOut(Map.of("all", false)));
    }

    private static boolean optedOut(Map<String, Object> integrations) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("type", "track");
        fields.put("integrations", integrations);
        return Integrations.optedOut(new SegmentMessage(fields));
    }
}
