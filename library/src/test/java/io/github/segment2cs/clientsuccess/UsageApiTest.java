package io.github.segment2cs.clientsuccess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class UsageApiTest {

    // Wed, 21 Oct 2015 07:28:00 GMT
    private static final String HTTP_DATE = "Wed, 21 Oct 2015 07:28:00 GMT";
    private static final long HTTP_DATE_MILLIS = 1_445_412_480_000L;
    private static final long NOW = 1_700_000_000_000L;

    @ParameterizedTest(name = "''{0}'' -> ''{1}''")
    @CsvSource(delimiter = '|', value = {
            "Report Submitted | Report%20Submitted",
            "a/b | a%2Fb",
            // A literal plus must stay encoded, not turn into a space.
            "C++ | C%2B%2B",
            "a?b#c&d=e | a%3Fb%23c%26d%3De",
            "Café | Caf%C3%A9",
            // Dot segments would name another resource once a proxy normalizes the path.
            ". | %2E",
            ".. | %2E%2E",
            "v1.2 | v1.2",
            "a*b | a%2Ab" })
    void encodesForAPathSegment(String raw, String encoded) {
        assertEquals(encoded, UsageApi.encode(raw));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = { " ", "a\u0000b" })
    void refusesNamesItCannotSend(String name) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> UsageApi.checkEventName(name));
        assertTrue(refused.getMessage().contains("event name"), refused.getMessage());
    }

    @Test
    void refusesANameLongerThanTheLimitOnly() {
        UsageApi.checkEventName("x".repeat(UsageApi.MAX_EVENT_NAME_LENGTH));
        assertThrows(IllegalArgumentException.class,
                () -> UsageApi.checkEventName("x".repeat(UsageApi.MAX_EVENT_NAME_LENGTH + 1)));
    }

    @Test
    void anEventIsSentAsTheJsonOfItsMapOrText() throws Exception {
        ObjectMapper json = new ObjectMapper();

        assertEquals("{\"value\":2}", UsageApi.eventJson(json, Map.of("value", 2)));
        assertEquals("{\"value\":2}", UsageApi.eventJson(json, " {\"value\": 2} "));
    }

    @ParameterizedTest
    @ValueSource(strings = { "[1]", "\"text\"", "null" })
    void anEventThatIsNoJsonObjectIsRefused(String body) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> UsageApi.eventJson(new ObjectMapper(), body));
        assertTrue(refused.getMessage().contains("must be a JSON object"), refused.getMessage());
    }

    @Test
    void anEventWhoseValueIsNoFiniteNumberIsRefused() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> UsageApi.eventJson(new ObjectMapper(), Map.of("value", Double.NaN)));
        assertEquals("the event's value is not a finite number", refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = { 408, 429, 500, 502, 503, 504 })
    void transientStatuses(int status) {
        assertTrue(UsageApi.isTransient(status));
    }

    @ParameterizedTest
    @ValueSource(ints = { 400, 401, 403, 404, 409, 413, 422 })
    void refusals(int status) {
        assertFalse(UsageApi.isTransient(status));
    }

    @Test
    void retryAfterInSeconds() {
        assertEquals(120_000L, UsageApi.retryAfterMillis(" 120 ", NOW));
    }

    @Test
    void retryAfterAsHttpDate() {
        assertEquals(30_000L, UsageApi.retryAfterMillis(HTTP_DATE, HTTP_DATE_MILLIS - 30_000));
    }

    @Test
    void retryAfterDateInThePastMeansNow() {
        assertEquals(0L, UsageApi.retryAfterMillis(HTTP_DATE, HTTP_DATE_MILLIS + 5_000));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = { " ", "soon", "2015-10-21T07:28:00Z", "-5" })
    void missingOrUnreadableRetryAfterIsIgnored(String header) {
        assertNull(UsageApi.retryAfterMillis(header, NOW));
    }
}
