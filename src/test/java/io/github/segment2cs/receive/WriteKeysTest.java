package io.github.segment2cs.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class WriteKeysTest {

    private static final String WRITE_KEY = "wk_live_123";

    @Test
    void segmentStyleKeyWithEmptyPassword() {
        assertEquals(WRITE_KEY, WriteKeys.fromBasicAuth(basic(WRITE_KEY + ":")));
    }

    @Test
    void passwordIsNotPartOfTheKey() {
        assertEquals(WRITE_KEY, WriteKeys.fromBasicAuth(basic(WRITE_KEY + ":ignored")));
    }

    @Test
    void keyWithoutColon() {
        assertEquals(WRITE_KEY, WriteKeys.fromBasicAuth(basic(WRITE_KEY)));
    }

    @Test
    void schemeIsCaseInsensitive() {
        assertEquals(WRITE_KEY, WriteKeys.fromBasicAuth(basic(WRITE_KEY + ":").replace("Basic", "basic")));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = { "", "Basic", "Bearer d2tfbGl2ZV8xMjM6", "Basic !!!not-base64!!!", "Basic Og==" })
    void noUsableKey(String authorization) {
        // "Og==" is ":" alone: an empty user name is no key.
        assertNull(WriteKeys.fromBasicAuth(authorization));
    }

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }
}
