package io.github.segment2cs.receive;

import io.github.segment2cs.config.DestinationConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The write keys accepted on the tracking API; none configured means any. */
@ApplicationScoped
public class WriteKeys {

    private final Set<String> accepted;

    WriteKeys(DestinationConfig.Segment config) {
        this.accepted = new HashSet<>();
        config.writeKeys().orElse(List.of()).stream().map(String::trim).filter(key -> !key.isEmpty())
                .forEach(accepted::add);
    }

    public boolean required() {
        return !accepted.isEmpty();
    }

    public boolean accepts(String writeKey) {
        return writeKey != null && (accepted.isEmpty() || accepted.contains(writeKey));
    }

    /** The user name of an HTTP Basic {@code Authorization} header, or null. */
    public static String fromBasicAuth(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            String user = colon < 0 ? decoded : decoded.substring(0, colon);
            return user.isEmpty() ? null : user;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
