package io.github.segment2cs.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.segment2cs.config.DestinationConfig;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.StreamCache;
import org.apache.camel.converter.stream.ByteArrayInputStreamCache;
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

    /**
     * A body in Camel's stream cache (as a route with stream caching on hands it over) takes its
     * size of the parsing budget until its exchange is done; a request that finds too little left is
     * refused with a 503.
     */
    @Test
    void aBodyTakesItsSizeOfTheBudgetUntilItsExchangeIsDone() {
        SegmentRequestReader oneAtATime = new SegmentRequestReader(new WriteKeys(ANY_KEY),
                new SignatureVerifier(ANY_KEY), new ParsingBudget(32, Duration.ofMillis(50)));
        Exchange first = track("k");
        first.getIn().setBody(cached(padded(30 * 1024)));
        oneAtATime.process(first);

        Exchange second = track("k");
        second.getIn().setBody(cached(padded(8 * 1024)));
        RequestRejected busy = assertThrows(RequestRejected.class, () -> oneAtATime.process(second));
        assertEquals(503, busy.status());

        ParsingBudgetTest.done(first);
        oneAtATime.process(second);
        assertEquals(1, second.getIn().getBody(ReceivedRequest.class).accepted().size());
    }

    /**
     * The share is the body's size in each form a route can hand it over in; a compressed body is
     * inflated up to the request limit, so it takes that much.
     */
    @Test
    void theShareIsTheReceivedSizeOrTheLimitWhenCompressed() {
        for (Object body : List.of(cached("x".repeat(100)), Buffer.buffer(new byte[100]), new byte[100])) {
            Exchange plain = track("k");
            plain.getIn().setBody(body);
            assertEquals(100, RequestBody.bytesToParse(plain.getIn(), 500 * 1024), body.getClass().getName());
        }
        Exchange streamed = track("k");
        streamed.getIn().setBody(new ByteArrayInputStream(new byte[100]));
        assertEquals(500 * 1024, RequestBody.bytesToParse(streamed.getIn(), 500 * 1024), "a stream of unknown size");

        Exchange gzipped = track("k");
        gzipped.getIn().setHeader("Content-Encoding", "gzip");
        gzipped.getIn().setBody(Buffer.buffer(new byte[100]));
        assertEquals(500 * 1024, RequestBody.bytesToParse(gzipped.getIn(), 500 * 1024));
    }

    static StreamCache cached(String body) {
        return new ByteArrayInputStreamCache(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    /** A track call of about {@code bytes} bytes. */
    static String padded(int bytes) {
        return "{\"userId\":\"u\",\"event\":\"E\",\"properties\":{\"pad\":\"" + "p".repeat(bytes - 60) + "\"}}";
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
