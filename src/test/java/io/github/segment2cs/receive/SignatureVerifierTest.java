package io.github.segment2cs.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.segment2cs.config.DestinationConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SignatureVerifierTest {

    // RFC 2202, HMAC-SHA1 test case 2.
    private static final String RFC_KEY = "Jefe";
    private static final String RFC_DATA = "what do ya want for nothing?";
    private static final String RFC_DIGEST = "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79";

    private static final String SECRET = "sécret-ключ";
    private static final byte[] BODY = "{\"type\":\"track\",\"event\":\"Report Submitted\"}"
            .getBytes(StandardCharsets.UTF_8);

    record StubSegment(Optional<String> sharedSecret) implements DestinationConfig.Segment {
        @Override
        public Optional<List<String>> writeKeys() {
            return Optional.empty();
        }

        @Override
        public Duration dedupWindow() {
            return Duration.ofDays(7);
        }
    }

    @Test
    void signMatchesTheRfcVector() {
        assertEquals(RFC_DIGEST, SignatureVerifier.sign(RFC_KEY, RFC_DATA.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void signKeysWithTheUtf8SecretAndGivesLowerCaseHex() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        String expected = HexFormat.of().formatHex(mac.doFinal(BODY));

        assertEquals(expected, SignatureVerifier.sign(SECRET, BODY));
    }

    @Test
    void verifyAcceptsTheSignatureInEitherCase() {
        SignatureVerifier verifier = new SignatureVerifier(new StubSegment(Optional.of(SECRET)));
        String signature = SignatureVerifier.sign(SECRET, BODY);

        assertTrue(verifier.verify(BODY, signature));
        assertTrue(verifier.verify(BODY, " " + signature.toUpperCase() + " "));
    }

    @Test
    void verifyRejectsTamperedBodyWrongSecretOrNoSignature() {
        SignatureVerifier verifier = new SignatureVerifier(new StubSegment(Optional.of(SECRET)));
        byte[] tampered = "{\"type\":\"track\",\"event\":\"Report Deleted\"}".getBytes(StandardCharsets.UTF_8);

        assertFalse(verifier.verify(tampered, SignatureVerifier.sign(SECRET, BODY)));
        assertFalse(verifier.verify(BODY, SignatureVerifier.sign("other", BODY)));
        assertFalse(verifier.verify(BODY, null));
    }
}
