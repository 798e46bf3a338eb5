package io.github.segment2cs.receive;

import static io.github.segment2cs.support.Segment.post;
import static io.github.segment2cs.support.Segment.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.segment2cs.support.ClientSuccessMock;
import io.github.segment2cs.support.Ops;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.RestAssured;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The HTTP surface Segment's libraries and Webhooks destination talk to: paths, auth, answers, limits. */
@QuarkusTest
@WithTestResource(ClientSuccessMock.class)
class TrackingApiTest {

    static final String TRACK = "{\"type\":\"track\",\"userId\":\"u-api\",\"event\":\"Signed Up\"}";

    @ParameterizedTest
    @ValueSource(strings = { "/v1/identify", "/v1/group", "/v1/track", "/v1/page", "/v1/screen", "/v1/alias" })
    void eachSingleMessageEndpointTakesTheTypeFromItsPath(String path) {
        String message = "{\"userId\":\"u-api\",\"event\":\"E\",\"groupId\":\"g\",\"traits\":{\"name\":\"N\"},"
                + "\"previousId\":\"p\"}";
        post(path, message).statusCode(200).contentType(ContentType.JSON).body("success", equalTo(true));
        post(path + "/", message).statusCode(200).body("success", equalTo(true));
    }

    @Test
    void batchAndImportAcceptABatchWithOrWithoutTrailingSlash() {
        String batch = "{\"batch\":[" + TRACK + "," + TRACK + "]}";
        post("/v1/batch", batch).statusCode(200).body("success", equalTo(true)).body("rejected", nullValue());
        post("/v1/import/", batch).statusCode(200).body("success", equalTo(true));
    }

    @Test
    void aBatchProcessesGoodMessagesAndListsEachRejectedOneByIndex() {
        String batch = "{\"batch\":[" + TRACK + ",{\"type\":\"track\",\"userId\":\"u\"},"
                + "{\"type\":\"group\",\"userId\":\"u\",\"groupId\":\"g\"},\"not an object\"]}";
        post("/v1/batch", batch).statusCode(200).body("success", equalTo(true))
                .body("rejected", hasSize(3))
                .body("rejected[0].index", equalTo(1))
                .body("rejected[0].error", containsString("'event'"))
                .body("rejected[1].index", equalTo(2))
                .body("rejected[1].error", containsString("'traits.name'"))
                .body("rejected[2].index", equalTo(3));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "/v1/batch|{\"type\":\"track\",\"userId\":\"u\",\"event\":\"E\"}|'batch'",
            "/v1/track|{\"type\":\"track\",\"userId\":\"u\",\"event\":\"E\",\"messageId\":\"%s\"}|'messageId'",
            "/v1/track|{\"type\":\"bogus\",\"userId\":\"u\"}|unknown value 'bogus'",
            "/v1/track|{\"event\":\"E\"}|'userId' or 'anonymousId'",
            "/v1/track|{\"userId\":\"u\"}|'event'",
            "/v1/group|{\"userId\":\"u\",\"traits\":{\"name\":\"N\"}}|'groupId'",
            "/v1/group|{\"userId\":\"u\",\"groupId\":\"g\"}|'traits.name'",
            "/v1/alias|{\"userId\":\"u\"}|'previousId'",
            "/v1/track|{\"userId\":\"u\",\"event\":\"E\",\"timestamp\":\"yesterday\"}|'timestamp'",
            "/v1/track|[1,2]|JSON object",
    })
    void aMessageThatCannotBeProcessedIsRefusedNamingTheField(String path, String body, String named) {
        body = body.replace("%s", "m".repeat(101));
        given().auth().preemptive().basic(ClientSuccessMock.WRITE_KEY, "").contentType(ContentType.JSON).body(body)
                .post(path).then().statusCode(400).contentType(ContentType.JSON)
                .body("success", equalTo(false)).body("error", containsString(named));
    }

    @Test
    void invalidJsonIsA400ThatSaysWhere() {
        post("/v1/track", "{\"userId\": ").statusCode(400).body("error", containsString("not valid JSON"))
                .body("error", containsString("line 1"));
    }

    @Test
    void oversizeRequestsAreRefusedNamingTheLimit() {
        String padding = "x".repeat(33 * 1024);
        post("/v1/track", "{\"userId\":\"u\",\"event\":\"E\",\"properties\":{\"p\":\"" + padding + "\"}}")
                .statusCode(413).body("error", containsString("32 KB"));
        String big = "x".repeat(20 * 1024);
        StringBuilder batch = new StringBuilder("{\"batch\":[");
        for (int i = 0; i < 30; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"type\":\"track\",\"userId\":\"u\",\"event\":\"E\",\"p\":\"")
                    .append(big).append("\"}");
        }
        post("/v1/batch", batch.append("]}").toString()).statusCode(413).body("error", containsString("500 KB"));
    }

    /** Refusals are counted whoever answers them: the routes, or the HTTP server before any route runs. */
    @Test
    void everyRefusedRequestIsCountedByItsStatus() throws Exception {
        double methodNotAllowed = Ops.counter("refused", "HTTP 405");
        double tooLarge = Ops.counter("refused", "HTTP 413");
        double invalid = Ops.counter("refused", "HTTP 400");
        given().auth().preemptive().basic(ClientSuccessMock.WRITE_KEY, "").get("/v1/track").then().statusCode(405);
        assertEquals(413, overTheServersLimit());
        post("/v1/track", "{\"userId\": ").statusCode(400);
        assertEquals(methodNotAllowed + 1, Ops.counter("refused", "HTTP 405"));
        assertEquals(tooLarge + 1, Ops.counter("refused", "HTTP 413"));
        assertEquals(invalid + 1, Ops.counter("refused", "HTTP 400"));
    }

    /** A 5 MB body sent as a careful client does (Expect: 100-continue), so the early answer can be read. */
    static int overTheServersLimit() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/v1/batch"))
                .expectContinue(true).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"p\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}")).build();
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void aBatchOfMoreThan2500MessagesIsRefused() {
        StringBuilder batch = new StringBuilder("{\"batch\":[");
        for (int i = 0; i < 2501; i++) {
            batch.append(i == 0 ? "" : ",").append("{}");
        }
        post("/v1/batch", batch.append("]}").toString()).statusCode(400).body("error", containsString("2500"));
    }

    @Test
    void aWriteKeyIsRequiredAsBasicUserOrInTheBody() {
        given().contentType(ContentType.JSON).body(TRACK).post("/v1/track").then().statusCode(401)
                .body("error", containsString("write key"));
        given().auth().preemptive().basic("wrong-key", "").contentType(ContentType.JSON).body(TRACK)
                .post("/v1/track").then().statusCode(401);
        given().contentType(ContentType.JSON)
                .body("{\"writeKey\":\"" + ClientSuccessMock.WRITE_KEY + "\",\"batch\":[" + TRACK + "]}")
                .post("/v1/import").then().statusCode(200);
        given().auth().preemptive().basic("second-write-key", "").contentType(ContentType.JSON).body(TRACK)
                .post("/v1/track").then().statusCode(200);
    }

    @Test
    void webhookDeliveriesNeedAValidSignature() {
        String body = "{\"type\":\"track\",\"userId\":\"u-hook\",\"event\":\"Hooked\",\"messageId\":\""
                + unique("hook") + "\"}";
        given().contentType(ContentType.JSON).header("X-Signature", hmacSha1Hex(ClientSuccessMock.SHARED_SECRET, body))
                .body(body).post("/segment").then().statusCode(200).body("success", equalTo(true));
        given().contentType(ContentType.JSON).body(body).post("/segment").then().statusCode(401)
                .body("error", containsString("X-Signature"));
        given().contentType(ContentType.JSON).header("X-Signature", hmacSha1Hex("other-secret", body)).body(body)
                .post("/segment").then().statusCode(401);
    }

    @Test
    void formEncodedBodiesAreRefusedWithTheReason() {
        given().auth().preemptive().basic(ClientSuccessMock.WRITE_KEY, "").contentType(ContentType.URLENC)
                .formParam("userId", "u").post("/v1/track").then().statusCode(415)
                .body("error", containsString("Content-Type"));
    }

    @Test
    void inboundHeadersAreNotEchoedBack() {
        given().auth().preemptive().basic(ClientSuccessMock.WRITE_KEY, "").header("X-Inbound", "secret-value")
                .contentType(ContentType.JSON).body(TRACK).post("/v1/track").then().statusCode(200)
                .header("X-Inbound", nullValue()).header("Authorization", nullValue());
    }

    static String hmacSha1Hex(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
