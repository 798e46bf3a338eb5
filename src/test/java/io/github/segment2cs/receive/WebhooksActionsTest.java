package io.github.segment2cs.receive;

import static io.github.segment2cs.receive.TrackingApiTest.hmacSha1Hex;
import static io.github.segment2cs.support.Segment.unique;
import static io.restassured.RestAssured.given;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.segment2cs.support.ClientSuccessMock;
import io.github.segment2cs.support.Received;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Segment's Webhooks (Actions) destination: signed requests, POST, PUT or PATCH, and with batching
 * on, a JSON array of whole Segment events (Data = {@code $.}).
 */
@QuarkusTest
@WithTestResource(ClientSuccessMock.class)
class WebhooksActionsTest {

    static final int USERS = 250;

    @Test
    void aSignedArrayOfMixedEventsIsDeliveredWithEveryMappingRuleAndOnceWhenSentTwice() throws Exception {
        String run = unique("wh");
        List<String> events = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            String user = run + "-u" + i;
            // Half the events carry Segment's messageId, half were mapped without one.
            String id = i % 2 == 0 ? ",\"messageId\":\"" + user + "-%s\"" : "";
            events.add("{\"type\":\"identify\",\"userId\":\"" + user + "\",\"traits\":{\"name\":\"Ada Lovelace " + i
                    + "\",\"email\":\"Ada" + i + "@Example.com\"},\"timestamp\":\"2026-11-01T10:00:00.000Z\""
                    + id.formatted("i") + "}");
            events.add("{\"type\":\"group\",\"userId\":\"" + user + "\",\"groupId\":\"" + run + "-org" + (i % 10)
                    + "\",\"traits\":{\"name\":\"Org " + (i % 10) + "\"},\"timestamp\":\"2026-11-01T10:00:01.000Z\""
                    + id.formatted("g") + "}");
            events.add("{\"type\":\"track\",\"userId\":\"" + user + "\",\"event\":\"Report Run\",\"properties\":"
                    + "{\"value\":" + i + "},\"timestamp\":\"2026-11-01T10:00:02.000Z\"" + id.formatted("t") + "}");
            events.add("{\"type\":\"page\",\"userId\":\"" + user + "\",\"name\":\"Home\",\"timestamp\":"
                    + "\"2026-11-01T10:00:03.000Z\"" + id.formatted("p") + "}");
        }
        String array = "[" + String.join(",", events) + "]";

        signed("POST", array).statusCode(200).body("success", equalTo(true)).body("rejected", nullValue());
        signed("POST", array).statusCode(200).body("duplicates", equalTo(1000));

        await().atMost(60, SECONDS).until(() -> fromRun(run).size() >= 2 * USERS);
        SECONDS.sleep(2);
        Map<String, List<Received>> byUser = fromRun(run).stream()
                .collect(Collectors.groupingBy(r -> r.body().at("/identity/user/id").asText()));
        assertEquals(USERS, byUser.size());
        for (int i = 0; i < USERS; i++) {
            List<Received> received = byUser.get(run + "-u" + i);
            assertEquals(2, received.size(), "user " + i + " got " + received.size() + " events");
            for (Received event : received) {
                assertEquals(run + "-org" + (i % 10), event.body().at("/identity/organization/id").asText());
                assertEquals("Org " + (i % 10), event.body().at("/identity/organization/name").asText());
                assertEquals("Ada Lovelace " + i, event.body().at("/identity/user/name").asText());
                assertEquals("ada" + i + "@example.com", event.body().at("/identity/user/email").asText());
            }
            Received track = received.stream().filter(r -> r.eventId().equals("Report Run")).findFirst().orElseThrow();
            assertEquals(i, track.body().get("value").asInt());
            assertEquals("2026-11-01T10:00:02.000Z", track.body().get("timestamp").asText());
            Received page = received.stream().filter(r -> r.eventId().equals("Pageview")).findFirst().orElseThrow();
            assertEquals("2026-11-01T10:00:03.000Z", page.body().get("timestamp").asText());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "PUT", "PATCH", "POST" })
    void everyMethodTheMappingMayNameIsAccepted(String method) {
        String user = unique("wh-" + method.toLowerCase());
        signed(method, "{\"type\":\"group\",\"userId\":\"" + user + "\",\"groupId\":\"g-" + user
                + "\",\"traits\":{\"name\":\"Org\"}}").statusCode(200);
        signed(method, "[{\"type\":\"track\",\"userId\":\"" + user + "\",\"event\":\"By " + method + "\"}]")
                .statusCode(200);
        await().atMost(10, SECONDS).until(() -> Received.forUser(user).size() == 1);
    }

    @Test
    void aTamperedArrayIsRefused() {
        String array = "[{\"type\":\"track\",\"userId\":\"u\",\"event\":\"Tampered\"}]";
        given().contentType(ContentType.JSON).header("X-Signature", hmacSha1Hex(ClientSuccessMock.SHARED_SECRET, array))
                .body(array.replace("Tampered", "Tampere")).post("/segment").then().statusCode(401);
    }

    @Test
    void badElementsAreListedByIndexAndTheGoodOnesDelivered() {
        String user = unique("wh-mixed");
        signed("POST", "[{\"type\":\"group\",\"userId\":\"" + user + "\",\"groupId\":\"g-" + user
                + "\",\"traits\":{\"name\":\"Org\"}},"
                + "{\"plan\":\"pro\",\"seats\":3},"
                + "{\"type\":\"track\",\"userId\":\"" + user + "\"},"
                + "\"text\","
                + "{\"type\":\"track\",\"userId\":\"" + user + "\",\"event\":\"Good\"}]")
                .statusCode(200).body("rejected", hasSize(3))
                .body("rejected[0].index", equalTo(1))
                .body("rejected[0].error", containsString("not a Segment event: map the whole event ($.)"))
                .body("rejected[1].index", equalTo(2)).body("rejected[1].error", containsString("'event'"))
                .body("rejected[2].index", equalTo(3));
        await().atMost(10, SECONDS).until(() -> Received.forUser(user).size() == 1);
    }

    @Test
    void anArrayWithNothingToAcceptIsRefused() {
        signed("POST", "[{\"plan\":\"pro\"}]").statusCode(400).body("error", containsString("not a Segment event"));
        signed("POST", "[]").statusCode(400);
    }

    @Test
    void anArrayOfMoreThan4000EventsIsRefused() {
        String array = "[" + String.join(",", java.util.Collections.nCopies(4001, "{}")) + "]";
        signed("POST", array).statusCode(400).body("error", containsString("4000"));
    }

    static ValidatableResponse signed(String method, String body) {
        return given().contentType(ContentType.JSON)
                .header("X-Signature", hmacSha1Hex(ClientSuccessMock.SHARED_SECRET, body)).body(body)
                .request(method, "/segment").then();
    }

    static List<Received> fromRun(String run) {
        return Received.all().stream().filter(r -> r.body().at("/identity/user/id").asText().startsWith(run + "-u"))
                .toList();
    }
}
