package io.github.segment2cs.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.segment2cs.config.DestinationConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** The reader on its own, with settings the HTTP tests do not use: no write keys configured. */
class SegmentRequestReaderTest {

    static final DestinationConfig.Segment ANY_KEY = new DestinationConfig.Segment() {
        @Override
        public Optional<List<String>> writeKeys() {
            return Optional.empty();
        }

        @Override
        public Optional<String> sharedSecret() {
            return Optional.empty();
        }

        @Override
        public Duration dedupWindow() {
            return Duration.ofDays(7);
        }
    };

    final SegmentRequestReader reader = new SegmentRequestReader(new WriteKeys(ANY_KEY), new SignatureVerifier(ANY_KEY),
            new ParsingBudget(1024, Duration.ofSeconds(1)));

    /** The key is stored with each messageId: one longer than its column is a 400, not a 500 that Segment retries. */
    @Test
    void withAnyKeyAcceptedAWriteKeyTooLongToStoreIsRefused() {
        RequestRejected refused = assertThrows(RequestRejected.class, () -> reader.process(track("k".repeat(201))));
        assertEquals(400, refused.status());
        assertTrue(refused.getMessage().contains("write key"), refused.getMessage());
        assertFalse(refused.getMessage().contains("kkkk"), "the key is not echoed: " + refused.getMessage());

        Exchange accepted = track("k".repeat(200));
        reader.process(accepted);
        assertEquals(1, accepted.getIn().getBody(ReceivedRequest.class).accepted().size());
    }

    static Exchange track(String writeKey) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getIn().setHeader(SegmentRequestReader.ENDPOINT, "track");
        exchange.getIn().setHeader("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                (writeKey + ":").getBytes(StandardCharsets.UTF_8)));
        exchange.getIn().setBody("{\"userId\":\"u\",\"event\":\"E\"}".getBytes(StandardCharsets.UTF_8));
        return exchange;
    }
}
