package io.github.segment2cs.receive;

import io.github.segment2cs.config.DestinationConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Segment Webhooks' {@code X-Signature}: hex HMAC-SHA1 of the raw body, keyed by the shared secret. */
@ApplicationScoped
public class SignatureVerifier {

    private final String secret;

    SignatureVerifier(DestinationConfig.Segment config) {
        this.secret = config.sharedSecret().orElse(null);
    }

    public boolean enabled() {
        return secret != null;
    }

    public boolean verify(byte[] body, String signature) {
        if (signature == null) {
            return false;
        }
        byte[] expected = sign(secret, body).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.trim().toLowerCase().getBytes(StandardCharsets.US_ASCII));
    }

    public static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is not available", e);
        }
    }
}
