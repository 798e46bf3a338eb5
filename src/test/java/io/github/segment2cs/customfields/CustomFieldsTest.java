package io.github.segment2cs.customfields;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.github.segment2cs.support.Segment.unique;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.segment2cs.support.ClientSuccessMock;
import io.github.segment2cs.support.Ops;
import io.github.segment2cs.support.Received;
import io.github.segment2cs.support.Segment;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Group traits to ClientSuccess custom fields, through the whole service: a group call is
 * received, routed, queued in the outbox and synced to a WireMock REST API (README "Custom
 * fields"), with the outbox's retries, dead letters and fates.
 */
@QuarkusTest
@WithTestResource(ClientSuccessMock.class)
@TestProfile(CustomFieldsTest.RestApiOn.class)
class CustomFieldsTest {

    public static class RestApiOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("custom-fields.username", "api-access@example.com", "custom-fields.password", "s3cret",
                    "custom-fields.trait-field-map", "plan=Plan Tier");
        }
    }

    WireMockServer rest;

    @BeforeEach
    void loginAndUsageEvents() {
        ClientSuccessMock.acceptAll();
        rest = ClientSuccessMock.server();
        rest.stubFor(post(urlPathEqualTo("/v1/auth"))
                .willReturn(okJson("{\"access_token\":\"t-1\",\"token_type\":\"Bearer\",\"expires_in\":43200}")));
    }

    @Test
    void aGroupsTraitsFillItsClientsCustomFieldsAndItsHeldEventsAreReleasedToo() {
        String user = unique("cf-user");
        String groupId = unique("cf-group");
        clientExists(groupId, 501, "Pro");
        rest.stubFor(put(urlPathEqualTo("/v1/clients/501")).willReturn(okJson("{\"id\":501}")));
        Segment.track(user, unique("m"), "Report Built", "2026-11-28T10:00:00.000Z");
        String group = group(user, groupId, "{\"name\":\"Acme\",\"plan\":\"Enterprise\",\"seats\":25,\"industry\":\"Retail\"}");

        await().atMost(10, SECONDS).untilAsserted(() -> fate(group).body("fate", Matchers.equalTo("delivered")));
        rest.verify(1, putRequestedFor(urlPathEqualTo("/v1/clients/501")).withHeader("Authorization", equalTo("t-1"))
                .withRequestBody(matchingJsonPath("$.customFieldValues[?(@.label == 'Plan Tier')].value",
                        equalTo("Enterprise")))
                .withRequestBody(matchingJsonPath("$.customFieldValues[?(@.label == 'Seats')].value", equalTo("25"))));
        await().atMost(10, SECONDS).until(() -> Received.forUser(user).size() == 1);
    }

    @Test
    void aServerErrorIsTriedAgainAndARefusalIsDeadLetteredWithItsStatus() {
        String groupId = unique("cf-retry");
        clientExists(groupId, 502, null);
        rest.stubFor(put(urlPathEqualTo("/v1/clients/502")).inScenario("503 once")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("up").willReturn(aResponse().withStatus(503)));
        rest.stubFor(put(urlPathEqualTo("/v1/clients/502")).inScenario("503 once").whenScenarioStateIs("up")
                .willReturn(okJson("{\"id\":502}")));
        String retried = group(unique("cf-user"), groupId, "{\"name\":\"Beta\",\"plan\":\"Starter\"}");

        await().atMost(15, SECONDS).untilAsserted(() -> fate(retried).body("fate", Matchers.equalTo("delivered")));
        rest.verify(2, putRequestedFor(urlPathEqualTo("/v1/clients/502")));

        String refusedGroup = unique("cf-refused");
        clientExists(refusedGroup, 503, null);
        rest.stubFor(put(urlPathEqualTo("/v1/clients/503")).willReturn(aResponse().withStatus(417)
                .withBody("{\"userMessage\":\"wrong data type\"}")));
        String refused = group(unique("cf-user"), refusedGroup, "{\"name\":\"Gamma\",\"seats\":\"12\"}");

        await().atMost(15, SECONDS).untilAsserted(() -> fate(refused).body("fate", Matchers.equalTo("dead-lettered"))
                .body("reason", containsString("HTTP 417")));
    }

    @Test
    void aGroupWhoseClientDoesNotExistIsSkippedWithTheReason() {
        String groupId = unique("cf-missing");
        rest.stubFor(get(urlPathEqualTo("/v1/clients")).withQueryParam("externalId", equalTo(groupId))
                .willReturn(aResponse().withStatus(404).withBody("{\"userMessage\":\"not found\"}")));
        String group = group(unique("cf-user"), groupId, "{\"name\":\"Delta\",\"plan\":\"Pro\"}");

        await().atMost(10, SECONDS).untilAsserted(() -> fate(group).body("fate", Matchers.equalTo("skipped"))
                .body("reason", containsString(CustomFieldsSync.NO_CLIENT)));
    }

    @Test
    void anIdentifyWaitsForItsUsersGroupWhoseCallCreatesTheContactAndFillsItsFields() {
        String user = unique("cf-ada");
        String groupId = unique("cf-contacts");
        String email = user + "@example.com";
        clientExists(groupId, 601, null);
        rest.stubFor(get(urlPathEqualTo("/v1/contacts")).withQueryParam("clientExternalId", equalTo(groupId))
                .willReturn(okJson("null")));
        rest.stubFor(post(urlPathEqualTo("/v1/clients/601/contacts")).willReturn(okJson("{\"id\":901}")));
        rest.stubFor(get(urlPathEqualTo("/v1/clients/601/contacts/901/details")).willReturn(okJson(
                "{\"id\":901,\"clientId\":601,\"email\":\"" + email + "\",\"customFieldValues\":[{\"id\":3,"
                        + "\"name\":\"role__cs\",\"label\":\"Role\",\"type\":\"STRING\",\"value\":null}]}")));
        rest.stubFor(put(urlPathEqualTo("/v1/clients/601/contacts/901/details")).willReturn(okJson("{\"id\":901}")));
        String identify = unique("m-identify");
        Segment.post("/v1/identify", "{\"userId\":\"" + user + "\",\"messageId\":\"" + identify + "\",\"traits\":"
                + "{\"name\":\"Ada Lovelace\",\"email\":\"" + email + "\",\"role\":\"Admin\"}}").statusCode(200);
        await().atMost(10, SECONDS).untilAsserted(() -> fate(identify).body("fate", Matchers.equalTo("applied")));

        String group = group(user, groupId, "{\"name\":\"Acme\"}");

        await().atMost(10, SECONDS).untilAsserted(() -> fate(group + CustomFieldsQueue.CONTACT_SUFFIX)
                .body("fate", Matchers.equalTo("delivered")));
        rest.verify(1, postRequestedFor(urlPathEqualTo("/v1/clients/601/contacts")).withRequestBody(equalToJson(
                "{\"email\":\"" + email + "\",\"firstName\":\"Ada\",\"lastName\":\"Lovelace\"}")));
        rest.verify(1, putRequestedFor(urlPathEqualTo("/v1/clients/601/contacts/901/details"))
                .withRequestBody(matchingJsonPath("$.customFieldValues[0].value", equalTo("Admin"))));
        fate(group).body("fate", Matchers.equalTo("applied"));
    }

    @Test
    void anIdentifyOfAGroupedUserSyncsTheirContactAtOnce() {
        String user = unique("cf-grace");
        String groupId = unique("cf-grouped");
        rest.stubFor(get(urlPathEqualTo("/v1/contacts")).withQueryParam("clientExternalId", equalTo(groupId))
                .willReturn(okJson("{\"id\":902,\"clientId\":602,\"email\":\"grace@example.com\","
                        + "\"customFieldValues\":[{\"id\":4,\"name\":\"role__cs\",\"label\":\"Role\","
                        + "\"type\":\"STRING\",\"value\":\"Viewer\"}]}")));
        rest.stubFor(put(urlPathEqualTo("/v1/clients/602/contacts/902/details")).willReturn(okJson("{\"id\":902}")));
        Segment.group(user, groupId, "Grace Org");
        String identify = unique("m-identify");
        Segment.post("/v1/identify", "{\"userId\":\"" + user + "\",\"messageId\":\"" + identify + "\",\"traits\":"
                + "{\"email\":\"Grace@Example.com\",\"role\":\"Editor\"}}").statusCode(200);

        await().atMost(10, SECONDS).untilAsserted(() -> fate(identify).body("fate", Matchers.equalTo("delivered")));
        rest.verify(1, putRequestedFor(urlPathEqualTo("/v1/clients/602/contacts/902/details"))
                .withRequestBody(matchingJsonPath("$.customFieldValues[0].value", equalTo("Editor"))));
    }

    private void clientExists(String groupId, int id, String plan) {
        rest.stubFor(get(urlPathEqualTo("/v1/clients")).withQueryParam("externalId", equalTo(groupId))
                .willReturn(okJson("{\"id\":" + id + ",\"name\":\"Client\",\"externalId\":\"" + groupId
                        + "\",\"customFieldValues\":["
                        + "{\"id\":1,\"name\":\"plan_tier__cs\",\"label\":\"Plan Tier\",\"type\":\"STRING\",\"value\":"
                        + (plan == null ? "null" : "\"" + plan + "\"") + "},"
                        + "{\"id\":2,\"name\":\"seats__cs\",\"label\":\"Seats\",\"type\":\"INTEGER\",\"value\":null}]}")));
    }

    private static String group(String user, String groupId, String traits) {
        String messageId = unique("m-group");
        Segment.post("/v1/group", "{\"userId\":\"" + user + "\",\"messageId\":\"" + messageId + "\",\"groupId\":\""
                + groupId + "\",\"traits\":" + traits + "}").statusCode(200);
        return messageId;
    }

    private static ValidatableResponse fate(String messageId) {
        return Ops.authorized().get("/ops/messages/" + messageId).then();
    }
}
