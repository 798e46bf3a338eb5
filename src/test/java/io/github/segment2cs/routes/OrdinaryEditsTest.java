package io.github.segment2cs.routes;

import static io.github.segment2cs.support.Segment.post;
import static io.github.segment2cs.support.Segment.unique;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.segment2cs.process.FateCheck;
import io.github.segment2cs.support.ClientSuccessMock;
import io.github.segment2cs.support.EditedRoutes;
import io.github.segment2cs.support.Ops;
import io.github.segment2cs.support.Received;
import io.github.segment2cs.support.Segment;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The ordinary Camel edits a user makes to the YAML routes, applied to a copy of routes/ and
 * started through ROUTES_DIR: each leaves every message with a counted fate, and none exposes the
 * API key.
 */
@QuarkusTest
@WithTestResource(ClientSuccessMock.class)
@TestProfile(OrdinaryEditsTest.Edited.class)
class OrdinaryEditsTest {

    static final String TAP_PATH = "/tap";

    public static class Edited implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            EditedRoutes routes = EditedRoutes.copy("ordinary-edits-routes")
                    // filter + stop: the usual way to drop events.
                    .replace("types.yaml", "        - process:\n            ref: trackProcessor\n",
                            "        - filter:\n"
                                    + "            simple: \"${body[event]} == 'Internal Test'\"\n"
                                    + "            steps:\n"
                                    + "              - stop: {}\n"
                                    // Only when released from the hold-back.
                                    + "        - filter:\n"
                                    + "            simple: \"${body[event]} == 'Dropped On Release' && "
                                    + "${header.holdDisposition} == 'deliver'\"\n"
                                    + "            steps:\n"
                                    + "              - stop: {}\n"
                                    + "        - process:\n            ref: trackProcessor\n")
                    // A filter that drops identify calls of free users, with no stop.
                    .replace("types.yaml", "        - process:\n            id: apply-identify\n"
                            + "            ref: identifyProcessor\n",
                            "        - filter:\n"
                                    + "            simple: \"${body[traits][plan]} != 'free'\"\n"
                                    + "            steps:\n"
                                    + "              - process:\n                  ref: identifyProcessor\n")
                    .replace("types.yaml", "        - bean:\n            ref: customFieldsQueue\n"
                            + "            method: identify\n", "")
                    // What is sent, shaped in YAML: the value and the name of an event, and a field.
                    .replace("types.yaml", "        - process:\n            ref: trackProcessor\n",
                            "        - process:\n            ref: trackProcessor\n"
                                    + "        - filter:\n"
                                    + "            simple: \"${header.ClientSuccessEvent} == 'Purchase'\"\n"
                                    + "            steps:\n"
                                    + "              - setHeader:\n"
                                    + "                  name: ClientSuccessValue\n"
                                    + "                  jsonpath:\n"
                                    + "                    expression: \"$.properties.revenue\"\n"
                                    + "                    suppressExceptions: true\n"
                                    + "        - filter:\n"
                                    + "            simple: \"${header.ClientSuccessEvent} == 'Signed Up'\"\n"
                                    + "            steps:\n"
                                    + "              - setHeader:\n"
                                    + "                  name: ClientSuccessEvent\n"
                                    + "                  constant: Signup\n")
                    .replace("types.yaml", "                  - process:\n                      ref: deliveryQueue\n",
                            "                  - script:\n"
                                    + "                      simple: \"${body.put('source', 'segment')}\"\n"
                                    + "                  - filter:\n"
                                    + "                      simple: \"${header.ClientSuccessEvent} == 'Misnamed'\"\n"
                                    + "                      steps:\n"
                                    + "                        - setHeader:\n"
                                    + "                            name: ClientSuccessEvent\n"
                                    + "                            constant: \" \"\n"
                                    + "                  - process:\n                      ref: deliveryQueue\n")
                    // A misspelt header in the router, and a branch taken out of it.
                    .replace("process.yaml", "${header.segmentType} in 'page,screen'",
                            "${header.segmentTyp} in 'page,screen'")
                    .replace("process.yaml", "              - simple: \"${header.segmentType} == 'alias'\"\n"
                            + "                steps:\n                  - to: direct:s2cs-alias\n", "")
                    // A delivery dropped by filter + stop.
                    .replace("deliver.yaml", "              - throttle:\n",
                            "              - filter:\n"
                                    + "                  simple: \"${body.eventId()} == 'Not Sent'\"\n"
                                    + "                  steps:\n"
                                    + "                    - stop: {}\n"
                                    + "              - throttle:\n")
                    // A copy of every delivery, tapped after the call.
                    .replace("deliver.yaml", "                    - bean:\n                        ref: deliveryOutcome\n"
                            + "                        method: delivered\n",
                            "                    - wireTap:\n                        uri: \"{{clientsuccess.base-url}}"
                                    + TAP_PATH + "\"\n                    - bean:\n                        ref: deliveryOutcome\n"
                                    + "                        method: delivered\n");
            return Map.of("routes.dir", routes.folder());
        }
    }

    @Test
    void aStopInAFilterSkipsTheMessageNamingWhereAndItLeavesTheInbox() {
        String user = unique("stopped");
        Segment.group(user, "g-edits", "Edits Org");
        String dropped = unique("m-dropped");
        double before = Ops.counter("skipped", FateCheck.NO_FATE);
        Segment.track(user, dropped, "Internal Test", "2026-11-28T10:00:00.000Z");
        Segment.track(user, unique("m-kept"), "Kept", "2026-11-28T10:00:01.000Z");

        await().atMost(10, SECONDS).untilAsserted(() -> fate(dropped).body("fate", equalTo("skipped"))
                .body("reason", allOf(containsString(FateCheck.NO_FATE), containsString("stop (types.yaml:"),
                        containsString("in route s2cs-track"))));
        await().atMost(10, SECONDS).until(() -> Received.forUser(user).size() == 1);
        assertEquals("Kept", Received.forUser(user).get(0).eventId());
        assertEquals(before + 1, Ops.counter("skipped", FateCheck.NO_FATE));
    }

    @Test
    void theValueTheNameAndTheFieldsOfWhatIsSentAreShapedInYaml() {
        String user = unique("shaped");
        Segment.group(user, "g-shaped", "Shaped Org");
        post("/v1/batch", "{\"batch\":["
                + "{\"type\":\"track\",\"userId\":\"" + user + "\",\"event\":\"Purchase\",\"properties\":{\"revenue\":49.5}},"
                + "{\"type\":\"track\",\"userId\":\"" + user + "\",\"event\":\"Purchase\",\"properties\":{}},"
                + "{\"type\":\"track\",\"userId\":\"" + user + "\",\"event\":\"Signed Up\"}]}").statusCode(200);

        await().atMost(10, SECONDS).until(() -> Received.forUser(user).size() == 3);
        List<Received> received = Received.forUser(user);
        assertEquals(List.of(49.5, 1.0), received.stream().filter(r -> r.eventId().equals("Purchase"))
                .map(r -> r.body().get("value").asDouble()).sorted(Comparator.reverseOrder()).toList(),
                "the revenue is the value, and without one the value is 1");
        assertEquals(1, received.stream().filter(r -> r.eventId().equals("Signup")).count(), "renamed in YAML");
        received.forEach(r -> assertEquals("segment", r.body().path("source").asText(), "the field added in YAML"));
    }

    @Test
    void aDeliveryAStopEndsLeavesTheOutboxAsSkippedNamingWhere() {
        String user = unique("not-sent");
        Segment.group(user, "g-not-sent", "Not Sent Org");
        String dropped = unique("m-not-sent");
        Segment.track(user, dropped, "Not Sent", "2026-11-28T10:00:00.000Z");
        Segment.track(user, unique("m-sent"), "Sent", "2026-11-28T10:00:01.000Z");

        await().atMost(10, SECONDS).untilAsserted(() -> fate(dropped).body("fate", equalTo("skipped"))
                .body("reason", allOf(containsString(FateCheck.NO_FATE), containsString("stop (deliver.yaml:"),
                        containsString("in route s2cs-deliver")))
                .body("history.step", hasItem("queued")));
        await().atMost(10, SECONDS).until(() -> Received.forUser(user).size() == 1);
        assertEquals("Sent", Received.forUser(user).get(0).eventId());
    }

    @Test
    void anEventAnEditBreaksAfterItsBodyIsBuiltIsParkedAsTheSegmentMessageItWas() {
        String user = unique("misnamed");
        Segment.group(user, "g-misnamed", "Misnamed Org");
        String misnamed = unique("m-misnamed");
        Segment.track(user, misnamed, "Misnamed", "2026-11-28T10:00:00.000Z");

        await().atMost(10, SECONDS).untilAsserted(() -> fate(misnamed).body("fate", equalTo("dead-lettered"))
                .body("reason", containsString("ClientSuccessEvent) is missing or blank")));
        Ops.authorized().get("/ops/dead-letters").then()
                .body("items.find { it.messageId == '" + misnamed + "' }.userId", equalTo(user))
                .body("items.find { it.messageId == '" + misnamed + "' }.event", equalTo("Misnamed"))
                .body("items.find { it.messageId == '" + misnamed + "' }.message.type", equalTo("track"));
    }

    @Test
    void aReleasedEventAStopEndsIsSkippedWithItsReasonInItsHistory() {
        String user = unique("released-stop");
        String dropped = unique("m-dropped-on-release");
        Segment.track(user, dropped, "Dropped On Release", "2026-11-28T10:00:00.000Z");
        await().atMost(10, SECONDS).untilAsserted(() -> fate(dropped).body("fate", equalTo("held")));

        Segment.group(user, "g-released-stop", "Released Stop Org");

        await().atMost(10, SECONDS).untilAsserted(() -> fate(dropped).body("fate", equalTo("skipped"))
                .body("reason", allOf(containsString("stop (types.yaml:"), containsString("in route s2cs-track"))));
        assertTrue(Received.forUser(user).isEmpty());
    }

    @Test
    void aFilterThatDropsWithoutAStopSkipsTheMessageNamingTheFilter() {
        String user = unique("free");
        String identify = unique("m-free");
        post("/v1/identify", "{\"userId\":\"" + user + "\",\"messageId\":\"" + identify
                + "\",\"traits\":{\"plan\":\"free\"}}").statusCode(200);

        await().atMost(10, SECONDS).untilAsserted(() -> fate(identify).body("fate", equalTo("skipped"))
                .body("reason", allOf(containsString("filter (types.yaml:"), containsString("in route s2cs-identify"))));
    }

    @Test
    void aMisspeltHeaderAndARemovedBranchDeadLetterTheirMessagesWithTheType() {
        String user = unique("unrouted");
        String page = unique("m-page");
        String alias = unique("m-alias");
        post("/v1/page", "{\"userId\":\"" + user + "\",\"messageId\":\"" + page + "\",\"name\":\"Home\"}")
                .statusCode(200);
        post("/v1/alias", "{\"userId\":\"" + user + "\",\"previousId\":\"anon-" + user + "\",\"messageId\":\""
                + alias + "\"}").statusCode(200);

        await().atMost(10, SECONDS).untilAsserted(() -> {
            fate(page).body("fate", equalTo("dead-lettered")).body("reason", equalTo("no route for message type page"));
            fate(alias).body("fate", equalTo("dead-lettered"))
                    .body("reason", equalTo("no route for message type alias"));
        });
    }

    @Test
    void aWiretapAfterDeliveryNeverSeesTheApiKey() {
        String user = unique("tapped");
        Segment.group(user, "g-tap", "Tap Org");
        Segment.track(user, unique("m-tapped"), "Tapped", "2026-11-28T10:00:00.000Z");

        await().atMost(10, SECONDS).until(() -> Received.forUser(user).size() == 1);
        assertEquals(ClientSuccessMock.API_KEY, Received.forUser(user).get(0).apiKey(),
                "ClientSuccess itself still gets the key");
        await().atMost(5, SECONDS).until(() -> !taps().isEmpty());
        for (LoggedRequest tap : taps()) {
            assertFalse(tap.getUrl().contains(ClientSuccessMock.API_KEY), tap.getUrl());
            tap.getHeaders().all().forEach(header -> assertFalse(header.values().stream()
                    .anyMatch(value -> value.contains(ClientSuccessMock.API_KEY)), header.toString()));
            assertFalse(tap.getBodyAsString().contains(ClientSuccessMock.API_KEY));
        }
        assertTrue(taps().stream().noneMatch(tap -> tap.getUrl().contains("api_key")));
    }

    private static List<LoggedRequest> taps() {
        return ClientSuccessMock.server().findAll(WireMock.anyRequestedFor(WireMock.urlPathMatching(TAP_PATH + ".*")));
    }

    private static ValidatableResponse fate(String messageId) {
        return Ops.authorized().get("/ops/messages/" + messageId).then().statusCode(200);
    }
}
