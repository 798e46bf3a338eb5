package io.github.segment2cs.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientSuccessRequestTest {

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
        assertEquals(encoded, ClientSuccessRequest.encode(raw));
    }
}
