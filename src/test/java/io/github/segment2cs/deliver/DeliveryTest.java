package io.github.segment2cs.deliver;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.github.segment2cs.support.Segment.group;
import static io.github.segment2cs.support.Segment.identify;
import static io.github.segment2cs.support.Segment.track;
import static io.github.segment2cs.support.Segment.unique;
import static io.restassured.RestAssured.given;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.segment2cs.support.ClientSuccessMock;
import io.github.segment2cs.support.Ops;
import io.github.segment2cs.support.Received;
import io.github.segment2cs.support.Segment;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What ClientSuccess receives for what Segment sends, field by field, through real HTTP on both sides. */
@QuarkusTest
@WithTestResource(ClientSuccessMock.class)
class DeliveryTest {

    static final String ORG_ID = "g-42";
    static final String ORG_NAME = "Initech";
    static final String T1 = "2026-11-28T10:15:00.123Z";
    static final String T2 = "2026-11-28T11:00:00.000Z";

    static List<Received> awaitEvents(String userId, int count) {
        await().atMost(15, SECONDS).until(() -> Received.forUser(userId).size() >= count);
        return Received.forUser(userId);
    }

    static Received only(String userId, String eventId) {
        List<Received> matching = Received.forUser(userId).stream().filter(r -> r.eventId().equals(eventId)).toList();
        assertEquals(1, matching.size(), "events named " + eventId + " for " + userId);
        return matching.get(0);
    }

    @Test
    void aTrackEventArrivesWithTheUsersIdentityValueAndOwnTimestamp() {
        String user = unique("peter");
        identify(user, "{\"firstName\":\"Peter\",\"last_name\":\"Gibbons\",\"email\":\"Peter@Initech.COM\",\"plan\":\"pro\"}");
        group(user, ORG_ID, ORG_NAME);
        given().auth().preemptive().basic(ClientSuccessMock.WRITE_KEY, "").header("X-Inbound", "must-not-leak")
                .contentType(ContentType.JSON)
                .body("{\"type\":\"track\",\"userId\":\"" + user + "\",\"messageId\":\"" + unique("m")
                        + "\",\"event\":\"Report Submitted\",\"properties\":{\"value\":\"3\"},\"timestamp\":\"" + T1
                        + "\"}")
                .post("/v1/track").then().statusCode(200);

        Received event = awaitEvents(user, 1).get(0);
        assertEquals(ClientSuccessMock.EVENTS_PATH + "Report%20Submitted", event.eventPath());
        assertEquals(ClientSuccessMock.API_KEY, event.apiKey());
        JsonNode body = event.body();
        assertEquals(Set.of("identity", "value", "timestamp", "keen"), fieldNames(body));
        assertEquals(ORG_ID, body.at("/identity/organization/id").asText());
        assertEquals(ORG_NAME, body.at("/identity/organization/name").asText());
        assertEquals(user, body.at("/identity/user/id").asText());
        assertEquals("Peter Gibbons", body.at("/identity/user/name").asText());
        assertEquals("peter@initech.com", body.at("/identity/user/email").asText());
        assertEquals(3, body.get("value").asInt());
        assertTrue(body.get("value").isIntegralNumber());
        assertEquals(T1, body.get("timestamp").asText());
        assertEquals(T1, body.at("/keen/timestamp").asText(), "the time also where Keen IO's clients send it");
        assertFalse(event.request().containsHeader("X-Inbound"), "inbound header forwarded");
        assertFalse(event.request().containsHeader("Authorization"), "inbound Authorization forwarded");
        assertEquals("application/json", event.request().getHeader("Content-Type").split(";")[0]);
    }

    @Test
    void theValueIsCsValueElseValueElseOne() {
        String user = grouped("values");
        sendTrack(user, "Cs Value", "{\"csValue\":7,\"value\":3}");
        sendTrack(user, "Plain Value", "{\"value\":-2.5}");
        sendTrack(user, "String Value", "{\"value\":\"12\"}");
        sendTrack(user, "Text Value", "{\"value\":\"lots\"}");
        sendTrack(user, "No Value", "{}");
        awaitEvents(user, 5);
        assertEquals(7, only(user, "Cs Value").body().get("value").asInt());
        assertEquals(-2.5, only(user, "Plain Value").body().get("value").asDouble());
        assertEquals(12, only(user, "String Value").body().get("value").asInt());
        assertEquals(1, only(user, "Text Value").body().get("value").asInt());
        assertEquals(1, only(user, "No Value").body().get("value").asInt());
    }

    @Test
    void pageAndScreenViewsUseTheirConfiguredNamesAndOnlyCsValue() {
        String user = grouped("views");
        Segment.post("/v1/page", "{\"userId\":\"" + user + "\",\"name\":\"Home\",\"properties\":{\"value\":9},"
                + "\"timestamp\":\"" + T1 + "\"}").statusCode(200);
        Segment.post("/v1/screen", "{\"userId\":\"" + user + "\",\"name\":\"Settings\",\"properties\":{\"csValue\":4},"
                + "\"timestamp\":\"" + T2 + "\"}").statusCode(200);
        awaitEvents(user, 2);
        Received page = only(user, "Pageview");
        assertEquals(1, page.body().get("value").asInt());
        assertEquals(T1, page.body().get("timestamp").asText());
        assertEquals(4, only(user, "Screenview").body().get("value").asInt());
    }

    @Test
    void withoutTimestampTheOriginalTimestampOrTheTimeOfReceiptIsSent() {
        String user = grouped("times");
        Segment.post("/v1/track", "{\"userId\":\"" + user + "\",\"event\":\"Original\",\"originalTimestamp\":\""
                + T2 + "\"}").statusCode(200);
        Instant before = Instant.now().minusSeconds(1);
        Segment.post("/v1/track", "{\"userId\":\"" + user + "\",\"event\":\"Received\"}").statusCode(200);
        awaitEvents(user, 2);
        assertEquals(T2, only(user, "Original").body().get("timestamp").asText());
        Instant received = Instant.parse(only(user, "Received").body().get("timestamp").asText());
        assertTrue(received.isAfter(before) && received.isBefore(Instant.now()), "time of receipt: " + received);
    }

    @Test
    void contextGroupIdNamesTheOrganizationWhenItIsKnown() {
        String user = grouped("context");
        String otherUser = unique("other");
        group(otherUser, "g-known", "Known Org");
        Segment.post("/v1/track", "{\"userId\":\"" + user + "\",\"event\":\"Known\",\"context\":{\"groupId\":"
                + "\"g-known\"}}").statusCode(200);
        Segment.post("/v1/track", "{\"userId\":\"" + user + "\",\"event\":\"Unknown\",\"context\":{\"groupId\":"
                + "\"g-never-seen\"}}").statusCode(200);
        awaitEvents(user, 2);
        assertEquals("g-known", only(user, "Known").body().at("/identity/organization/id").asText());
        assertEquals("Known Org", only(user, "Known").body().at("/identity/organization/name").asText());
        assertEquals(ORG_ID, only(user, "Unknown").body().at("/identity/organization/id").asText());
    }

    @Test
    void optedOutAndAnonymousEventsAreSkippedAndCounted() {
        String user = grouped("optout");
        double optedOut = Ops.counter("skipped", "opted out in integrations");
        double anonymous = Ops.counter("skipped", "no userId (ClientSuccess ignores anonymous events)");
        Segment.post("/v1/batch", "{\"batch\":["
                + "{\"type\":\"track\",\"userId\":\"" + user + "\",\"event\":\"Off\",\"integrations\":{\"ClientSuccess\":false}},"
                + "{\"type\":\"track\",\"userId\":\"" + user + "\",\"event\":\"All Off\",\"integrations\":{\"All\":false}},"
                + "{\"type\":\"track\",\"anonymousId\":\"anon-1\",\"event\":\"Anonymous\"},"
                + "{\"type\":\"track\",\"userId\":\"" + user + "\",\"event\":\"All Off But Us\",\"integrations\":{\"All\":false,\"ClientSuccess\":true}},"
                + "{\"type\":\"track\",\"userId\":\"" + user + "\",\"event\":\"Batch Off\"}"
                + "],\"integrations\":{\"Mixpanel\":false}}").statusCode(200);
        awaitEvents(user, 2);
        await().atMost(5, SECONDS).until(() -> Ops.counter("skipped", "opted out in integrations") >= optedOut + 2);
        assertEquals(Set.of("All Off But Us", "Batch Off"),
                Received.forUser(user).stream().map(Received::eventId).collect(Collectors.toSet()));
        assertEquals(anonymous + 1, Ops.counter("skipped", "no userId (ClientSuccess ignores anonymous events)"));
    }

    @Test
    void eventsBeforeTheGroupCallAreHeldThenReleasedWithTheirOriginalTimestamps() throws Exception {
        String user = unique("early");
        track(user, unique("m"), "Early One", T1);
        track(user, unique("m"), "Early Two", T2);
        await().atMost(10, SECONDS).untilAsserted(() -> Ops.authorized().get("/ops/held").then().statusCode(200)
                .body("items.find { it.userId == '" + user + "' }.events", equalTo(2)));
        Thread.sleep(500);
        assertTrue(Received.forUser(user).isEmpty(), "held events must not be delivered before the group call");

        group(user, ORG_ID, ORG_NAME);
        awaitEvents(user, 2);
        assertEquals(T1, only(user, "Early One").body().get("timestamp").asText());
        assertEquals(T2, only(user, "Early Two").body().get("timestamp").asText());
        assertEquals(ORG_ID, only(user, "Early One").body().at("/identity/organization/id").asText());
        Ops.authorized().get("/ops/held").then().body("items.find { it.userId == '" + user + "' }", equalTo(null));
    }

    @Test
    void anAliasHandsThePreviousIdsHeldEventsToTheNewUser() {
        String previous = unique("anon");
        String user = unique("known");
        track(previous, unique("m"), "Before Signup", T1);
        identify(user, "{\"name\":\"Michael Bolton\",\"email\":\"mb@initech.com\"}");
        group(user, ORG_ID, ORG_NAME);
        Segment.post("/v1/alias", "{\"previousId\":\"" + previous + "\",\"userId\":\"" + user + "\"}").statusCode(200);

        Received event = awaitEvents(user, 1).get(0);
        assertEquals("Before Signup", event.eventId());
        assertEquals(T1, event.body().get("timestamp").asText());
        assertEquals("Michael Bolton", event.body().at("/identity/user/name").asText());
        assertEquals(ORG_ID, event.body().at("/identity/organization/id").asText());
        assertTrue(Received.forUser(previous).isEmpty());
    }

    @Test
    void anAliasToAUserWithoutAGroupKeepsTheEventsHeldUntilThatUsersGroupCall() throws Exception {
        String previous = unique("anon");
        String user = unique("signup");
        track(previous, unique("m"), "Before Signup", T1);
        awaitHeld(previous, 1);
        Segment.post("/v1/alias", "{\"previousId\":\"" + previous + "\",\"userId\":\"" + user + "\"}")
                .statusCode(200);

        awaitHeld(user, 1);
        Ops.authorized().get("/ops/held").then().body("items.find { it.userId == '" + previous + "' }", equalTo(null));
        double released = Ops.counter("released", "alias");
        await().during(1500, MILLISECONDS).atMost(3, SECONDS).untilAsserted(() -> Ops.authorized().get("/ops/held")
                .then().body("items.find { it.userId == '" + user + "' }.events", equalTo(1)));
        assertEquals(released, Ops.counter("released", "alias"), "the held event must rest, not cycle");
        assertTrue(Received.forUser(user).isEmpty() && Received.forUser(previous).isEmpty());

        group(user, ORG_ID, ORG_NAME);
        Received event = awaitEvents(user, 1).get(0);
        assertEquals("Before Signup", event.eventId());
        assertEquals(T1, event.body().get("timestamp").asText());
        assertEquals(ORG_ID, event.body().at("/identity/organization/id").asText());
        Thread.sleep(1000);
        assertEquals(1, Received.forUser(user).size(), "released once");
        Ops.authorized().get("/ops/held").then().body("items.find { it.userId == '" + user + "' }", equalTo(null));
    }

    @Test
    void aliasChainsAndRoundTripsOfUngroupedUsersEnd() throws Exception {
        String first = unique("chain-a");
        String second = unique("chain-b");
        String third = unique("chain-c");
        track(first, unique("m"), "Chained", T1);
        awaitHeld(first, 1);
        alias(first, second);
        awaitHeld(second, 1);
        alias(second, third);
        awaitHeld(third, 1);

        String there = unique("round-a");
        String back = unique("round-b");
        track(there, unique("m"), "Round Trip", T2);
        awaitHeld(there, 1);
        alias(there, back);
        awaitHeld(back, 1);
        alias(back, there);
        awaitHeld(there, 1);

        group(third, ORG_ID, ORG_NAME);
        group(there, ORG_ID, ORG_NAME);
        assertEquals(T1, awaitEvents(third, 1).get(0).body().get("timestamp").asText());
        assertEquals(T2, awaitEvents(there, 1).get(0).body().get("timestamp").asText());
        Thread.sleep(1000);
        assertEquals(1, Received.forUser(third).size());
        assertEquals(1, Received.forUser(there).size());
        for (String user : List.of(first, second, back)) {
            assertTrue(Received.forUser(user).isEmpty(), user);
        }
    }

    @Test
    void aRepeatedMessageIdIsAnsweredButDeliveredOnce() throws Exception {
        String user = grouped("dup");
        String messageId = unique("dup");
        track(user, messageId, "Once", T1);
        track(user, messageId, "Once", T1);
        String batch = "{\"type\":\"track\",\"userId\":\"" + user + "\",\"messageId\":\"" + messageId
                + "\",\"event\":\"Once\"}";
        Segment.post("/v1/batch", "{\"batch\":[" + batch + "," + batch + "]}").statusCode(200)
                .body("duplicates", equalTo(2));
        awaitEvents(user, 1);
        Thread.sleep(1000);
        assertEquals(1, Received.forUser(user).size());
    }

    @Test
    void transientFailuresAreRetriedUntilDelivered() {
        String user = grouped("flaky");
        String path = ClientSuccessMock.EVENTS_PATH + "Flaky%20Event";
        ClientSuccessMock.server().stubFor(post(urlPathEqualTo(path)).inScenario("flaky")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(503))
                .willSetStateTo("second"));
        ClientSuccessMock.server().stubFor(post(urlPathEqualTo(path)).inScenario("flaky")
                .whenScenarioStateIs("second").willReturn(aResponse().withStatus(408)).willSetStateTo("third"));
        ClientSuccessMock.server().stubFor(post(urlPathEqualTo(path)).inScenario("flaky")
                .whenScenarioStateIs("third").willReturn(okJson("{\"created\":true}")));
        sendTrack(user, "Flaky Event", "{}");
        awaitEvents(user, 3);
        assertEquals(3, Received.forUser(user).size(), "two failures, then one success");
        Ops.authorized().queryParam("reason", "retries").get("/ops/dead-letters").then()
                .body("items.findAll { it.userId == '" + user + "' }", hasSize(0));
    }

    @Test
    void a429IsRetriedNoSoonerThanRetryAfter() {
        String user = grouped("throttled");
        String path = ClientSuccessMock.EVENTS_PATH + "Throttled%20Event";
        failOnceThenAccept(path, aResponse().withStatus(429).withHeader("Retry-After", "2"));
        sendTrack(user, "Throttled Event", "{}");
        List<Received> attempts = awaitEvents(user, 2);
        Duration gap = Duration.between(attempts.get(0).request().getLoggedDate().toInstant(),
                attempts.get(1).request().getLoggedDate().toInstant());
        assertTrue(gap.toMillis() >= 1900, "retried after " + gap.toMillis() + " ms");
    }

    @Test
    void aRepeatAfterTheDeduplicationWindowIsDeliveredAgain() throws Exception {
        String user = grouped("window");
        String messageId = unique("again");
        track(user, messageId, "Twice Apart", T1);
        awaitEvents(user, 1);
        Thread.sleep(ClientSuccessMock.DEDUP_WINDOW.toMillis() + 500);
        Segment.post("/v1/track", "{\"userId\":\"" + user + "\",\"messageId\":\"" + messageId
                + "\",\"event\":\"Twice Apart\"}").statusCode(200).body("duplicates", equalTo(null));
        awaitEvents(user, 2);
    }

    /** Every attempt the service counts is one request ClientSuccess received: the HTTP client retries nothing itself. */
    @Test
    void aDeadLettersAttemptsAreTheRequestsClientSuccessReceived() {
        String unavailable = grouped("unavailable");
        String broken = grouped("broken");
        ClientSuccessMock.server().stubFor(post(urlPathEqualTo(ClientSuccessMock.EVENTS_PATH + "Unavailable"))
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "1")));
        ClientSuccessMock.server().stubFor(post(urlPathEqualTo(ClientSuccessMock.EVENTS_PATH + "Broken"))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        sendTrack(unavailable, "Unavailable", "{}");
        sendTrack(broken, "Broken", "{}");
        for (String user : List.of(unavailable, broken)) {
            int attempts = await().atMost(30, SECONDS).until(() -> Ops.authorized()
                    .queryParam("reason", "retries exhausted").get("/ops/dead-letters").then().extract()
                    .path("items.find { it.userId == '" + user + "' }.attempts"), org.hamcrest.Matchers.notNullValue());
            assertTrue(attempts > 1, user + " was retried");
            assertEquals(attempts, Received.forUser(user).size(), user + ": requests ClientSuccess received");
        }
    }

    @Test
    void a429IsOneAttemptThatTheServiceCountsAndPausesFor() {
        String user = grouped("slow-down");
        String path = ClientSuccessMock.EVENTS_PATH + "Slow%20Down";
        failOnceThenAccept(path, aResponse().withStatus(429).withHeader("Retry-After", "1"));
        double retried = Ops.counter("retried", "HTTP 429");
        sendTrack(user, "Slow Down", "{}");
        awaitEvents(user, 2);
        assertEquals(retried + 1, Ops.counter("retried", "HTTP 429"), "the 429 reached the service's retry policy");
        assertEquals(2, Received.forUser(user).size());
    }

    @Test
    void aPermanentRefusalIsDeadLetteredAndCanBeReplayed() {
        String user = grouped("refused");
        String path = ClientSuccessMock.EVENTS_PATH + "Refused%20Event";
        ClientSuccessMock.server().stubFor(post(urlPathEqualTo(path))
                .willReturn(aResponse().withStatus(422).withBody("{\"created\":false}")));
        sendTrack(user, "Refused Event", "{\"value\":5}");
        await().atMost(10, SECONDS).untilAsserted(() -> Ops.authorized().queryParam("reason", "rejected by")
                .get("/ops/dead-letters").then().statusCode(200)
                .body("items.find { it.userId == '" + user + "' }.lastStatus", equalTo(422)));
        int id = Ops.authorized().queryParam("reason", "rejected by").get("/ops/dead-letters").then()
                .body("items.find { it.userId == '" + user + "' }.reason", equalTo("rejected by ClientSuccess: HTTP 422"))
                .body("items.find { it.userId == '" + user + "' }.responseBody", containsString("\"created\":false"))
                .body("items.find { it.userId == '" + user + "' }.attempts", equalTo(1))
                .body("items.find { it.userId == '" + user + "' }.message.event", equalTo("Refused Event"))
                .extract().path("items.find { it.userId == '" + user + "' }.id");
        assertEquals(1, Received.forUser(user).size());

        ClientSuccessMock.server().stubFor(post(urlPathEqualTo(path)).willReturn(okJson("{\"created\":true}")));
        Ops.authorized().queryParam("id", id).post("/ops/dead-letters/replay").then().statusCode(200)
                .body("replayed", equalTo(1));
        awaitEvents(user, 2);
        assertEquals(5, Received.forUser(user).get(1).body().get("value").asInt());
        Ops.authorized().delete("/ops/dead-letters/" + id).then().statusCode(404);
    }

    @Test
    void retriesEndInTheDeadLetterStoreWhenTheWindowCloses() {
        String user = grouped("down");
        ClientSuccessMock.server().stubFor(post(urlPathEqualTo(ClientSuccessMock.EVENTS_PATH + "Down%20Event"))
                .willReturn(aResponse().withStatus(500).withBody("upstream down")));
        sendTrack(user, "Down Event", "{}");
        await().atMost(20, SECONDS).untilAsserted(() -> Ops.authorized().queryParam("reason", "retries exhausted")
                .get("/ops/dead-letters").then()
                .body("items.find { it.userId == '" + user + "' }.lastStatus", equalTo(500))
                .body("items.find { it.userId == '" + user + "' }.responseBody", equalTo("upstream down")));
        assertTrue(Received.forUser(user).size() >= 3, "retried before giving up");
    }

    @Test
    void theOperatorApiNeedsTheBearerToken() {
        given().get("/ops/dead-letters").then().statusCode(401).body("error", containsString("Bearer"));
        given().header("Authorization", "Bearer wrong").get("/ops/held").then().statusCode(403);
        Ops.authorized().get("/ops/stats").then().statusCode(200).body("deadLetters", org.hamcrest.Matchers.notNullValue());
        Ops.authorized().delete("/ops/dead-letters/999999999").then().statusCode(404);
    }

    @Test
    void anEventRacingItsUsersGroupCallIsNeverStranded() throws Exception {
        int users = 40;
        List<String> ids = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < users; i++) {
                String user = unique("race");
                ids.add(user);
                sent.add(pool.submit(() -> track(user, unique("m"), "Raced", T1)));
                sent.add(pool.submit(() -> group(user, ORG_ID, ORG_NAME)));
            }
            for (Future<?> future : sent) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
        await().atMost(20, SECONDS).until(() -> ids.stream().allMatch(id -> Received.forUser(id).size() == 1));
        for (String id : ids) {
            assertEquals(ORG_ID, Received.forUser(id).get(0).body().at("/identity/organization/id").asText());
        }
    }

    /**
     * Each outcome counted once, so that on a quiet service accepted + replayed = applied + skipped +
     * delivered + dead_lettered + held now + in flight (inbox and outbox), and held - released is what
     * /ops/stats shows held. The run mixes every type, a hold, an alias, a skip, a duplicate and a
     * dead letter.
     */
    @Test
    void theCountersBalance() {
        String user = unique("balance");
        String anonymous = unique("balance-anon");
        String lonely = unique("balance-lonely");
        ClientSuccessMock.server().stubFor(post(urlPathEqualTo(ClientSuccessMock.EVENTS_PATH + "Balance%20Refused"))
                .willReturn(aResponse().withStatus(400)));
        track(anonymous, unique("m"), "Balance Early", T1);
        identify(user, "{\"name\":\"Bal Ance\"}");
        group(user, ORG_ID, ORG_NAME);
        alias(anonymous, user);
        track(lonely, unique("m"), "Balance Held", T1);
        String repeated = unique("m");
        track(user, repeated, "Balance Tracked", T1);
        track(user, repeated, "Balance Tracked", T1);
        Segment.post("/v1/page", "{\"userId\":\"" + user + "\",\"name\":\"Home\"}").statusCode(200);
        Segment.post("/v1/screen", "{\"userId\":\"" + user + "\",\"name\":\"Settings\"}").statusCode(200);
        Segment.post("/v1/track", "{\"anonymousId\":\"a\",\"event\":\"Balance Anonymous\"}").statusCode(200);
        sendTrack(user, "Balance Refused", "{}");
        awaitEvents(user, 4);

        await().atMost(20, SECONDS).untilAsserted(() -> {
            Map<String, Double> totals = Ops.totals();
            io.restassured.path.json.JsonPath stats = Ops.authorized().get("/ops/stats").then().extract().jsonPath();
            double inFlight = stats.getLong("awaitingRouting") + stats.getLong("awaitingDelivery");
            double heldNow = totals.getOrDefault("held", 0.0) - totals.getOrDefault("released", 0.0);
            assertEquals(stats.getLong("held"), heldNow, "held - released against " + totals);
            double in = totals.getOrDefault("accepted", 0.0) + totals.getOrDefault("replayed", 0.0);
            double out = totals.getOrDefault("applied", 0.0) + totals.getOrDefault("skipped", 0.0)
                    + totals.getOrDefault("delivered", 0.0) + totals.getOrDefault("dead_lettered", 0.0) + heldNow
                    + inFlight;
            assertEquals(in, out, "accepted + replayed against every outcome: " + totals + ", in flight " + inFlight);
        });
        assertTrue(Ops.counter("applied", "alias") >= 1 && Ops.counter("applied", "identify") >= 1
                && Ops.counter("applied", "group") >= 1);
    }

    /** ClientSuccess answers the first post to the path with {@code first}, and accepts every later one. */
    static void failOnceThenAccept(String path, ResponseDefinitionBuilder first) {
        ClientSuccessMock.server().stubFor(post(urlPathEqualTo(path)).inScenario(path)
                .whenScenarioStateIs(Scenario.STARTED).willReturn(first).willSetStateTo("accepting"));
        ClientSuccessMock.server().stubFor(post(urlPathEqualTo(path)).inScenario(path)
                .whenScenarioStateIs("accepting").willReturn(okJson("{\"created\":true}")));
    }

    static void awaitHeld(String user, int events) {
        await().atMost(10, SECONDS).untilAsserted(() -> Ops.authorized().get("/ops/held").then().statusCode(200)
                .body("items.find { it.userId == '" + user + "' }.events", equalTo(events)));
    }

    static void alias(String previousId, String userId) {
        Segment.post("/v1/alias", "{\"previousId\":\"" + previousId + "\",\"userId\":\"" + userId + "\"}")
                .statusCode(200);
    }

    static String grouped(String prefix) {
        String user = unique(prefix);
        group(user, ORG_ID, ORG_NAME);
        return user;
    }

    static void sendTrack(String user, String event, String properties) {
        Segment.post("/v1/track", "{\"userId\":\"" + user + "\",\"messageId\":\"" + unique("m") + "\",\"event\":\""
                + event + "\",\"properties\":" + properties + "}").statusCode(200);
    }

    static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new java.util.HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
