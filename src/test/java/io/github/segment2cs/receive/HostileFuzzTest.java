package io.github.segment2cs.receive;

import static io.github.segment2cs.receive.TrackingApiTest.hmacSha1Hex;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.github.segment2cs.support.CapturedLog;
import io.github.segment2cs.support.ClientSuccessMock;
import io.github.segment2cs.support.Ops;
import io.github.segment2cs.support.Received;
import io.github.segment2cs.support.Segment;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * A seeded fuzz run: 10,000 hostile requests (malformed JSON, odd types, extreme sizes, encodings,
 * unicode) interleaved with good events. No answer may be a 5xx; every message answered 200 must
 * reach a fate; every good event must be delivered exactly once; no log line may carry an
 * unescaped control character or the API key. The seed is printed; run again with
 * {@code -Dfuzz.seed=N} to repeat a run.
 */
@QuarkusTest
@WithTestResource(ClientSuccessMock.class)
@TestProfile(HostileFuzzTest.FastDeliveryLongWindow.class)
class HostileFuzzTest {

    static final int REQUESTS = Integer.getInteger("fuzz.requests", 10_000);
    static final Set<String> SETTLED = Set.of("delivered", "awaiting delivery", "held", "skipped", "applied",
            "dead-lettered");

    public static class FastDeliveryLongWindow implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // A window longer than the run, so that no message's record is forgotten before it is checked.
            return Map.of("delivery.max-rate", "2000", "segment.dedup-window", "PT1H");
        }
    }

    final long seed = Long.getLong("fuzz.seed", System.nanoTime());
    final Random random = new Random(seed);
    final String run = Segment.unique("fz");
    final List<String> goodEvents = new ArrayList<>();
    final List<String> acceptedIds = new ArrayList<>();
    int sequence;

    @Test
    void tenThousandHostileRequestsNeither5xxNorStickNorLeakNorForgeLogLines() throws Exception {
        System.out.println("HostileFuzzTest seed: " + seed + " (repeat with -Dfuzz.seed=" + seed + ")");
        CapturedLog log = new CapturedLog("").start();
        try {
            // ClientSuccess refuses some events, so that hostile names reach the dead-letter log line too.
            ClientSuccessMock.server().stubFor(WireMock.post(WireMock.urlPathMatching(".*/events/Refused.*"))
                    .willReturn(WireMock.aResponse().withStatus(400).withBody("{\"error\":\"refused\"}")));
            for (int user = 0; user < 10; user++) {
                Segment.group(run + "-g" + user, run + "-org", "Fuzz Org");
            }
            List<Function<Void, Request>> kinds = List.of(v -> good(), v -> brokenJson(), v -> oddTypes(),
                    v -> extremeSizes(), v -> encodings(), v -> unicode(), v -> mixedBatch(), v -> webhook());
            for (int i = 0; i < REQUESTS; i++) {
                Request request = kinds.get(random.nextInt(kinds.size())).apply(null);
                HttpResponse<String> answer = HostileInputTest.send("POST", request.path, request.body,
                        request.encoding, request.contentType, request.headers);
                assertTrue(answer.statusCode() < 500, "seed " + seed + ": " + answer.statusCode() + " " + answer.body()
                        + " for " + request.describe());
                if (answer.statusCode() == 200) {
                    goodEvents.addAll(request.goodEvents);
                    if (request.messageId != null) {
                        acceptedIds.add(request.messageId);
                    }
                }
            }

            await().atMost(60, SECONDS).until(() -> deliveredGoodEvents().size() >= goodEvents.size());
            SECONDS.sleep(1);
            Map<String, Long> delivered = deliveredGoodEvents();
            List<String> missing = goodEvents.stream().filter(event -> !delivered.containsKey(event)).limit(5).toList();
            assertTrue(missing.isEmpty(), "seed " + seed + ": " + (goodEvents.size() - delivered.size()) + " of "
                    + goodEvents.size() + " good events not delivered, such as " + missing);
            for (String event : goodEvents) {
                assertEquals(1L, delivered.get(event), "seed " + seed + ": good event " + event);
            }
            for (String messageId : unsettledAfter(20)) {
                fail("seed " + seed + ": message " + messageId + " answered 200 is "
                        + Ops.authorized().get("/ops/messages/" + messageId).asString());
            }
            assertTrue(log.lines().stream().anyMatch(line -> line.contains("dead-lettered")),
                    "seed " + seed + ": no dead letter was logged, so the log was not put to the test");
            for (String line : log.linesWithThrown()) {
                assertTrue(line.chars().noneMatch(c -> c < 0x20 && c != '\n' && c != '\t' || c >= 0x7f && c <= 0x9f
                        || c >= 0x202a && c <= 0x202e || c >= 0x2066 && c <= 0x2069),
                        "seed " + seed + ": a control or bidirectional character in " + line);
                assertTrue(!line.contains(ClientSuccessMock.API_KEY), "seed " + seed + ": the API key in " + line);
            }
            for (String message : log.messagesFrom(java.util.logging.Level.ALL)) {
                assertTrue(message.indexOf('\n') < 0 && message.indexOf('\r') < 0,
                        "seed " + seed + ": a line break in the log message " + message);
            }
        } finally {
            log.stop();
        }
        System.out.println("HostileFuzzTest: " + REQUESTS + " requests, " + goodEvents.size() + " good events "
                + "delivered once each, " + acceptedIds.size() + " accepted messages settled (seed " + seed + ")");
    }

    /**
     * Waits up to {@code seconds} for every accepted message to settle, asking again only about those
     * that had not; returns those that still have not.
     */
    List<String> unsettledAfter(int seconds) throws InterruptedException {
        long end = System.nanoTime() + SECONDS.toNanos(seconds);
        List<String> unsettled = new ArrayList<>(acceptedIds);
        while (true) {
            unsettled.removeIf(id -> SETTLED.contains(fate(id)));
            if (unsettled.isEmpty() || System.nanoTime() >= end) {
                return unsettled;
            }
            Thread.sleep(500);
        }
    }

    /** A good track event for a grouped user, to be delivered exactly once once accepted. */
    Request good() {
        String event = run + " Good " + (sequence++);
        String messageId = run + "-m" + sequence;
        byte[] body = ("{\"type\":\"track\",\"userId\":\"" + run + "-g" + random.nextInt(10) + "\",\"event\":\"" + event
                + "\",\"messageId\":\"" + messageId + "\",\"properties\":{\"value\":" + random.nextInt(100) + "}}")
                .getBytes(StandardCharsets.UTF_8);
        return new Request("/v1/track", body, null, "application/json", null, messageId, List.of(event));
    }

    Request brokenJson() {
        String body = "{\"userId\":\"u\",\"event\":\"E\",\"properties\":{\"a\":[1,2,{\"b\":\"c\"}]}}";
        return switch (random.nextInt(6)) {
            case 0 -> json("/v1/track", body.substring(0, 1 + random.nextInt(body.length() - 1)), null);
            case 1 -> json("/v1/track", body + " " + pick("x", "{}", "]", "null", body), null);
            case 2 -> new Request("/v1/track", randomBytes(random.nextInt(200)), null, "application/json", null, null);
            case 3 -> json("/v1/batch", "{\"batch\":" + pick("{}", "null", "\"x\"", "[1,2]", "[[]]", "[{}]") + "}", null);
            case 4 -> json(pick("/v1/identify", "/v1/group", "/v1/alias", "/v1/page"), pick("[]", "1", "\"s\"", "null",
                    "true", "{\"type\":\"track\"}", "{\"userId\":\"u\",\"type\":\"bogus\"}"), null);
            default -> json("/v1/track", body.replace(":", pick("::", "=", ":,")), null);
        };
    }

    Request oddTypes() {
        String messageId = run + "-o" + (sequence++);
        String userId = pick("true", "null", "[1]", "{\"a\":1}", "123", "-1.5e3", "\"\"", "\"  \"", "1e400", "\"u\"");
        String event = pick("1", "true", "{}", "[]", "\"\"", "\"E\"", "null");
        String value = pick("1e400", "\"1e400\"", "-0", "\"NaN\"", "\"Infinity\"", "99999999999999999999999", "\"abc\"",
                "[1]", "1.5");
        String time = pick("\"2024-02-30T10:00:00Z\"", "\"0000-01-01T00:00:00Z\"", "\"yesterday\"", "1700000000",
                "\"2024-13-01T00:00:00Z\"", "\"2024-06-01T10:00:00+25:00\"", "\"2024-06-01T10:00:00Z\"", "null");
        return json("/v1/track", "{\"userId\":" + userId + ",\"event\":" + event + ",\"messageId\":\"" + messageId
                + "\",\"timestamp\":" + time + ",\"properties\":{\"value\":" + value + "}}", messageId);
    }

    Request extremeSizes() {
        String messageId = run + "-s" + (sequence++);
        int[] edges = { 199, 200, 201, 320, 321, 499, 500, 501, 33_000 };
        String big = "x".repeat(edges[random.nextInt(edges.length)]);
        return switch (random.nextInt(5)) {
            case 0 -> json("/v1/track", "{\"userId\":\"" + big + "\",\"event\":\"E\",\"messageId\":\"" + messageId
                    + "\"}", messageId);
            case 1 -> json("/v1/track", "{\"userId\":\"u-" + messageId + "\",\"event\":\"" + big + "\",\"messageId\":\""
                    + messageId + "\"}", messageId);
            case 2 -> json("/v1/group", "{\"userId\":\"u\",\"groupId\":\"" + big + "\",\"traits\":{\"name\":\"" + big
                    + "\"},\"messageId\":\"" + messageId + "\"}", messageId);
            case 3 -> json("/v1/identify", "{\"userId\":\"u-" + messageId + "\",\"traits\":{\"email\":\"" + big
                    + "\",\"name\":\"" + big + "\"},\"messageId\":\"" + messageId + "\"}", messageId);
            default -> json("/v1/track", HostileInputTest.nested(55 + random.nextInt(15))
                    .replace("\"u\"", "\"u-" + messageId + "\"").replace("\"E\",", "\"E\",\"messageId\":\"" + messageId
                            + "\","), messageId);
        };
    }

    Request encodings() {
        String messageId = run + "-e" + (sequence++);
        byte[] body = ("{\"userId\":\"u-" + messageId + "\",\"event\":\"Encoded\",\"messageId\":\"" + messageId + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        return switch (random.nextInt(6)) {
            case 0 -> new Request("/v1/track", gzip(body), "gzip", "application/json", null, messageId);
            case 1 -> new Request("/v1/track", body, pick("gzip", "deflate", "br", "compress", "GZIP, deflate"),
                    "application/json", null, messageId);
            case 2 -> new Request("/v1/track", gzip(randomBytes(100)), pick("gzip", "x-gzip"), "application/json", null,
                    null);
            case 3 -> new Request("/v1/track", body, null, pick("APPLICATION/X-WWW-FORM-URLENCODED", "multipart/mixed",
                    "text/plain", "application/json; charset=utf-8", "Application/Json"), null, messageId);
            case 4 -> new Request("/v1/batch", gzip(("{\"batch\":[],\"p\":\"" + "0".repeat(600_000) + "\"}")
                    .getBytes(StandardCharsets.UTF_8)), "gzip", "application/json", null, null);
            default -> new Request("/v1/track", new byte[0], null, "application/json", null, null);
        };
    }

    Request unicode() {
        String messageId = run + "-u" + (sequence++);
        String hostile = pick("Line\nERROR forged", "Tab\there", "Nul\u0000", "Esc\u001b[31m", "Sep\u2028x", "Emoji 😀",
                "Café", "Bidi\u202eevil", ".", "..", "a/b?c#d", "%2e%2e", "\r\n\r\nHTTP/1.1 200");
        if (random.nextInt(4) == 0) {
            byte[] overlong = ("{\"userId\":\"u\",\"event\":\"X\",\"messageId\":\"" + messageId + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            int at = new String(overlong, StandardCharsets.UTF_8).indexOf('X');
            overlong[at] = (byte) (int) pick(0xC0, 0xE0, 0xF8, 0xFF, 0x80);
            return new Request("/v1/track", overlong, null, "application/json", null, null);
        }
        // The user has a group for some, so hostile names reach ClientSuccess and its log lines too.
        String user = random.nextBoolean() ? run + "-g" + random.nextInt(10) : "u-" + messageId;
        hostile = (random.nextBoolean() ? "Refused " : "") + hostile;
        String escaped = hostile.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r")
                .replace("\t", "\\t").replace("\u0000", "\\u0000").replace("\u001b", "\\u001b");
        boolean hostileId = random.nextBoolean();
        return json("/v1/track", "{\"userId\":\"" + user + "\",\"event\":\"" + escaped + "\",\"messageId\":\""
                + (hostileId ? escaped + messageId : messageId) + "\"}", hostileId ? null : messageId);
    }

    Request mixedBatch() {
        StringBuilder batch = new StringBuilder("{\"batch\":[");
        List<String> good = new ArrayList<>();
        int size = 1 + random.nextInt(20);
        for (int i = 0; i < size; i++) {
            Request one = i % 3 == 0 ? good() : pick(oddTypes(), extremeSizes(), brokenJson());
            good.addAll(one.goodEvents);
            batch.append(i == 0 ? "" : ",").append(one.path.equals("/v1/track") && one.encoding == null
                    ? new String(one.body, StandardCharsets.UTF_8) : "{}");
        }
        return new Request("/v1/batch", batch.append("]}").toString().getBytes(StandardCharsets.UTF_8), null,
                "application/json", null, null, good);
    }

    Request webhook() {
        String messageId = run + "-w" + (sequence++);
        String array = "[{\"type\":\"track\",\"userId\":\"u-" + messageId + "\",\"event\":\"Hook\",\"messageId\":\""
                + messageId + "\"}," + pick("{\"plan\":\"pro\"}", "1", "[]", "{\"type\":\"track\"}") + "]";
        boolean signedRight = random.nextInt(3) > 0;
        return new Request("/segment", array.getBytes(StandardCharsets.UTF_8), null, "application/json",
                Map.of("X-Signature", signedRight ? hmacSha1Hex(ClientSuccessMock.SHARED_SECRET, array) : "00ff"),
                messageId, List.of());
    }

    Request json(String path, String body, String messageId) {
        return new Request(path, body.getBytes(StandardCharsets.UTF_8), null, "application/json", null, messageId,
                List.of());
    }

    @SafeVarargs
    final <T> T pick(T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    static byte[] gzip(byte[] body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(body);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    Map<String, Long> deliveredGoodEvents() {
        return Received.all().stream().map(Received::eventId).filter(event -> event.startsWith(run + " Good "))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    static String fate(String messageId) {
        String body = Ops.authorized().get("/ops/messages/" + messageId).then().extract().asString();
        return body.contains("\"fate\"") ? JsonPath.from(body).getString("fate") : "";
    }

    /**
     * One request; {@code messageId} is set when the body is one message whose fate can be asked
     * for, {@code goodEvents} names the good events it carries.
     */
    record Request(String path, byte[] body, String encoding, String contentType, Map<String, String> headers,
            String messageId, List<String> goodEvents) {

        Request(String path, byte[] body, String encoding, String contentType, Map<String, String> headers,
                String messageId) {
            this(path, body, encoding, contentType, headers, messageId, List.of());
        }

        String describe() {
            return path + " " + (encoding == null ? "" : encoding + " ") + contentType + " "
                    + new String(body, 0, Math.min(body.length, 300), StandardCharsets.ISO_8859_1);
        }
    }
}
