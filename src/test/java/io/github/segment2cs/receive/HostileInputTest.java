package io.github.segment2cs.receive;

import static io.github.segment2cs.support.Segment.post;
import static io.github.segment2cs.support.Segment.unique;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.segment2cs.support.CapturedLog;
import io.github.segment2cs.support.ClientSuccessMock;
import io.github.segment2cs.support.Received;
import io.github.segment2cs.support.Segment;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.logging.Level;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What an attacker, or a careless sender, sends to the receiving endpoints: refused clearly, or taken whole. */
@QuarkusTest
@WithTestResource(ClientSuccessMock.class)
class HostileInputTest {

    static final HttpClient HTTP = HttpClient.newHttpClient();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/v1/track|{\"userId\":\"%200\",\"event\":\"E\"}|'userId'",
            "/v1/track|{\"userId\":\"u\",\"event\":\"%500\"}|'event'",
            "/v1/group|{\"userId\":\"u\",\"groupId\":\"%200\",\"traits\":{\"name\":\"N\"}}|'groupId'",
            "/v1/group|{\"userId\":\"u\",\"groupId\":\"g\",\"traits\":{\"name\":\"%500\"}}|'traits.name'",
            "/v1/identify|{\"userId\":\"u\",\"traits\":{\"lastName\":\"%200\"}}|'traits.lastName'",
            "/v1/identify|{\"userId\":\"u\",\"traits\":{\"email\":\"%320\"}}|'traits.email'",
            "/v1/alias|{\"userId\":\"u\",\"previousId\":\"%200\"}|'previousId'" })
    void aValueLongerThanTheStoreTakesIsRefusedNamingTheField(String path, String template, String field) {
        post(path, overLimit(template)).statusCode(400).body("error", containsString(field));
    }

    @Test
    void insideABatchTheLongValueIsListedAndTheRestIsAccepted() {
        String user = unique("u-long");
        Segment.group(user, "g-hostile", "Hostile Org");
        post("/v1/batch", "{\"batch\":[" + overLimit("{\"type\":\"track\",\"userId\":\"u\",\"event\":\"%500\"}")
                + ",{\"type\":\"track\",\"userId\":\"" + user + "\",\"event\":\"Fine\"}]}").statusCode(200)
                .body("rejected", hasSize(1)).body("rejected[0].index", equalTo(0))
                .body("rejected[0].error", containsString("'event'"));
        await().atMost(10, SECONDS).until(() -> Received.forUser(user).size() == 1);
    }

    @Test
    void limitsCountBytesInsideABatchToo() {
        String euros = "€".repeat(11_000);
        post("/v1/batch", "{\"batch\":[{\"type\":\"track\",\"userId\":\"u\",\"event\":\"E\",\"properties\":{\"p\":\""
                + euros + "\"}}]}").statusCode(200).body("rejected[0].error", containsString("32 KB"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"userId\":\"u\",\"event\":\"E\"} trailing",
            "{\"userId\":\"u\",\"event\":\"E\"}{\"userId\":\"v\",\"event\":\"E\"}",
            "{\"userId\":\"u\",\"event\":\"E\"},",
            "{\"userId\":\"u\",\"event\":\"E\",\"properties\":{\"value\":1e400}}",
            "{\"userId\":\"u\",\"event\":\"E\",\"properties\":{\"value\":\"1e400\"}}",
            "{\"userId\":\"u\",\"event\":\"E\",\"timestamp\":\"2024-02-30T10:00:00Z\"}",
            "{\"userId\":\"u\",\"event\":\"E\",\"timestamp\":\"0000-06-01T10:00:00Z\"}",
            "{\"userId\":true,\"event\":\"E\"}",
            "{\"userId\":{\"id\":\"u\"},\"event\":\"E\"}" })
    void strictJsonNumbersDatesAndIds(String body) {
        post("/v1/track", body).statusCode(400).body("success", equalTo(false));
    }

    @Test
    void aByteOrderMarkBeforeTheJsonIsAccepted() throws Exception {
        byte[] json = track("u-bom", "With BOM").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[json.length + 3];
        body[0] = (byte) 0xEF;
        body[1] = (byte) 0xBB;
        body[2] = (byte) 0xBF;
        System.arraycopy(json, 0, body, 3, json.length);
        assertEquals(200, send("POST", "/v1/track", body, null, "application/json").statusCode());
    }

    @Test
    void invalidUtf8IsRefused() throws Exception {
        byte[] overlongSlash = { '{', '"', 'u', 's', 'e', 'r', 'I', 'd', '"', ':', '"', 'a', (byte) 0xC0, (byte) 0xAF,
                'b', '"', ',', '"', 'e', 'v', 'e', 'n', 't', '"', ':', '"', 'E', '"', '}' };
        HttpResponse<String> answer = send("POST", "/v1/track", overlongSlash, null, "application/json");
        assertEquals(400, answer.statusCode());
        assertTrue(answer.body().contains("UTF-8"), answer.body());
    }

    @Test
    void nestingBeyondTheLimitIsRefusedAndWithinItAccepted() {
        post("/v1/track", nested(RequestBody.MAX_DEPTH + 1)).statusCode(400).body("error", containsString("nesting"));
        post("/v1/track", nested(RequestBody.MAX_DEPTH - 2)).statusCode(200);
    }

    @Test
    void gzipAndDeflateBodiesAreInflated() throws Exception {
        String user = unique("u-gzip");
        Segment.group(user, "g-gzip", "Gzip Org");
        byte[] gzip = compress(track(user, "Gzipped"), true);
        byte[] deflate = compress(track(user, "Deflated"), false);
        assertEquals(200, send("POST", "/v1/track", gzip, "gzip", "application/json").statusCode());
        assertEquals(200, send("POST", "/v1/track", deflate, "deflate", "application/json").statusCode());
        await().atMost(10, SECONDS).until(() -> Received.forUser(user).size() == 2);
    }

    @Test
    void aCompressionBombIsRefusedWith413() throws Exception {
        byte[] bomb = compress("{\"batch\":[],\"p\":\"" + "0".repeat(20 * 1024 * 1024) + "\"}", true);
        assertTrue(bomb.length < 100 * 1024);
        HttpResponse<String> answer = send("POST", "/v1/batch", bomb, "gzip", "application/json");
        assertEquals(413, answer.statusCode());
        assertTrue(answer.body().contains("500 KB"), answer.body());
    }

    @Test
    void otherEncodingsAndCorruptBodiesAreRefused() throws Exception {
        byte[] body = track("u", "E").getBytes(StandardCharsets.UTF_8);
        assertEquals(415, send("POST", "/v1/track", body, "br", "application/json").statusCode());
        assertEquals(400, send("POST", "/v1/track", body, "gzip", "application/json").statusCode());
    }

    @ParameterizedTest
    @ValueSource(strings = { "APPLICATION/X-WWW-FORM-URLENCODED", "Application/x-www-form-urlencoded; charset=UTF-8",
            "multipart/form-data; boundary=x" })
    void formAndMultipartBodiesAreRefusedInAnyCase(String contentType) throws Exception {
        HttpResponse<String> answer = send("POST", "/v1/track", "userId=u&event=E".getBytes(StandardCharsets.UTF_8),
                null, contentType);
        assertEquals(415, answer.statusCode());
        assertTrue(answer.body().contains("Content-Type"), answer.body());
    }

    @Test
    void answersOffTheEndpointsAreJsonToo() throws Exception {
        HttpResponse<String> notFound = send("GET", "/v1/nothing-here", null, null, null);
        assertEquals(404, notFound.statusCode());
        assertEquals(false, JsonPath.from(notFound.body()).getBoolean("success"));
        HttpResponse<String> wrongMethod = send("GET", "/v1/track", null, null, null);
        assertEquals(405, wrongMethod.statusCode());
        assertTrue(JsonPath.from(wrongMethod.body()).getString("error").contains("GET"), wrongMethod.body());
        assertEquals("POST", wrongMethod.headers().firstValue("Allow").orElse(null), "a 405 names what is allowed");
        assertEquals("PATCH, POST, PUT", send("GET", "/segment", null, null, null).headers().firstValue("Allow")
                .orElse(null));
        assertEquals(404, send("GET", "/ops/nothing-here", null, null, null).statusCode());
        assertTrue(send("DELETE", "/segment", null, null, null).headers().firstValue("Content-Type").orElse("")
                .startsWith("application/json"));
    }

    /** A stranger's broken request is the stranger's mistake: no ERROR, no stack trace. */
    @Test
    void aMalformedChunkedRequestLogsNoError() throws Exception {
        CapturedLog log = new CapturedLog("").start();
        try {
            for (String request : new String[] {
                    "POST /v1/track HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\nabc\r\n0\r\n\r\n",
                    "POST /segment HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"a\":1}\r\n0\r\n\r\n" }) {
                try (Socket socket = new Socket("localhost", RestAssured.port)) {
                    socket.setSoTimeout(2000);
                    socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
                    socket.getInputStream().read();
                } catch (java.net.SocketTimeoutException | java.net.SocketException closed) {
                    // The server may close the connection without an answer.
                }
            }
            SECONDS.sleep(1);
            assertEquals(List.of(), log.messagesFrom(Level.SEVERE));
        } finally {
            log.stop();
        }
    }

    /** The template's "%N" becomes a value one character over the limit N. */
    static String overLimit(String template) {
        java.util.regex.Matcher limit = java.util.regex.Pattern.compile("%(\\d+)").matcher(template);
        return limit.replaceAll(match -> "x".repeat(Integer.parseInt(match.group(1)) + 1));
    }

    static String track(String user, String event) {
        return "{\"userId\":\"" + user + "\",\"event\":\"" + event + "\",\"messageId\":\"" + unique("m") + "\"}";
    }

    static String nested(int depth) {
        return "{\"userId\":\"u\",\"event\":\"E\",\"properties\":" + "{\"a\":".repeat(depth - 1) + "1"
                + "}".repeat(depth - 1) + "}";
    }

    static byte[] compress(String text, boolean gzip) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (var out = gzip ? new GZIPOutputStream(bytes) : new DeflaterOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    static HttpResponse<String> send(String method, String path, byte[] body, String encoding, String contentType)
            throws Exception {
        return send(method, path, body, encoding, contentType, null);
    }

    static HttpResponse<String> send(String method, String path, byte[] body, String encoding, String contentType,
            java.util.Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (ClientSuccessMock.WRITE_KEY + ":").getBytes(StandardCharsets.UTF_8)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (encoding != null) {
            request.header("Content-Encoding", encoding);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (headers != null) {
            headers.forEach(request::header);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
