package io.github.segment2cs.ops;

import io.github.segment2cs.config.DestinationConfig;
import io.github.segment2cs.receive.RequestRejected;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** The operator API is on only when OPS_TOKEN is set, and then needs {@code Authorization: Bearer <OPS_TOKEN>}. */
@ApplicationScoped
@Named("opsAuth")
public class OpsAuth implements Processor {

    private final byte[] token;

    OpsAuth(DestinationConfig.Ops config) {
        this.token = config.token().map(value -> value.getBytes(StandardCharsets.UTF_8)).orElse(null);
    }

    @Override
    public void process(Exchange exchange) {
        if (token == null) {
            throw new RequestRejected(404, "the operator API is disabled: set OPS_TOKEN to enable it");
        }
        String authorization = exchange.getIn().getHeader("Authorization", String.class);
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new RequestRejected(401, "header 'Authorization: Bearer <OPS_TOKEN>' is required");
        }
        byte[] given = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(token, given)) {
            throw new RequestRejected(403, "the bearer token is not OPS_TOKEN");
        }
    }
}
