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
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.segment2cs.clientsuccess.ClientSuccessRest;
import io.github.segment2cs.deliver.ClientSuccessRequest;
import io.github.segment2cs.metrics.EventCounters;
import io.github.segment2cs.process.MessageFate;
import io.github.segment2cs.store.OutboxStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A group's traits to its client's custom fields, against a WireMock ClientSuccess REST API that
 * answers with the shapes of shared/reference/clientsuccess-rest.md: the calls, in order, and what
 * they carry.
 */
class CustomFieldsSyncTest {

    static final String CLIENT = "{\"id\":42,\"name\":\"Acme\",\"externalId\":\"g1\",\"customFieldValues\":["
            + "{\"id\":1,\"clientId\":42,\"fieldId\":7,\"name\":\"plan_tier__cs\",\"label\":\"Plan Tier\",\"type\":\"STRING\",\"value\":\"Pro\"},"
            + "{\"id\":2,\"clientId\":42,\"fieldId\":8,\"name\":\"seats__cs\",\"label\":\"Seats\",\"type\":\"INTEGER\",\"value\":null}]}";

    static final String CONTACT = "{\"id\":77,\"clientId\":42,\"email\":\"ada@example.com\",\"firstName\":\"Ada\","
            + "\"customFieldValues\":[{\"id\":5,\"contactId\":77,\"name\":\"role__cs\",\"label\":\"Role\","
            + "\"type\":\"STRING\",\"value\":null}]}";

    final ObjectMapper json = new ObjectMapper();
    final AtomicLong now = new AtomicLong(1_000_000);
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    WireMockServer rest;

    @BeforeEach
    void standIn() {
        rest = new WireMockServer(wireMockConfig().dynamicPort());
        rest.start();
        rest.stubFor(post(urlPathEqualTo("/v1/auth")).inScenario("tokens").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("second").willReturn(okJson(
                        "{\"access_token\":\"token-1\",\"token_type\":\"Bearer\",\"expires_in\":43200}")));
        rest.stubFor(post(urlPathEqualTo("/v1/auth")).inScenario("tokens").whenScenarioStateIs("second")
                .willReturn(okJson("{\"access_token\":\"token-2\",\"token_type\":\"Bearer\",\"expires_in\":43200}")));
        rest.stubFor(put(urlPathEqualTo("/v1/clients/42")).willReturn(okJson(CLIENT)));
    }

    @AfterEach
    void stop() {
        rest.stop();
    }

    @Test
    void logsInFindsTheClientByExternalIdAndWritesTheChangedFieldsBack() throws Exception {
        rest.stubFor(get(urlPathEqualTo("/v1/clients")).willReturn(okJson(CLIENT)));

        Exchange exchange = sync(false, Map.of("plan", "Enterprise", "seats", 25, "industry", "Retail"));

        assertEquals(List.of("POST /v1/auth", "GET /v1/clients?externalId=g1", "PUT /v1/clients/42"), calls());
        rest.verify(postRequestedFor(urlPathEqualTo("/v1/auth"))
                .withRequestBody(equalToJson("{\"username\":\"api@example.com\",\"password\":\"s3cret\"}")));
        rest.verify(putRequestedFor(urlPathEqualTo("/v1/clients/42"))
                .withHeader("Authorization", equalTo("token-1"))
                .withRequestBody(matchingJsonPath("$.name", equalTo("Acme")))
                .withRequestBody(matchingJsonPath("$.customFieldValues[0].value", equalTo("Enterprise")))
                .withRequestBody(matchingJsonPath("$.customFieldValues[1].value", equalTo("25"))));
        assertEquals(200, exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
        assertEquals(2.0, fields("written"));
        assertEquals(1.0, fields("unmapped"));
        assertNull(MessageFate.of(exchange));
    }

    @Test
    void nothingIsWrittenWhenNoValueChangesAndTheTokenIsKeptForItsLife() throws Exception {
        rest.stubFor(get(urlPathEqualTo("/v1/clients")).willReturn(okJson(CLIENT)));
        CustomFieldsSync sync = sync(false);

        sync.client(exchange(Map.of("plan", "Pro")));
        now.addAndGet(Duration.ofHours(11).toMillis());
        sync.client(exchange(Map.of("plan tier", "Pro")));

        assertEquals(List.of("POST /v1/auth", "GET /v1/clients?externalId=g1", "GET /v1/clients?externalId=g1"),
                calls());
        assertEquals(2.0, fields("unchanged"));

        now.addAndGet(Duration.ofHours(1).toMillis());
        sync.client(exchange(Map.of("plan", "Pro")));
        assertEquals("POST /v1/auth", calls().get(3), "logged in again once the token's 12 hours were over");
    }

    @Test
    void anExpiredTokenIsReplacedOnceAndTheCallMadeAgain() throws Exception {
        rest.stubFor(get(urlPathEqualTo("/v1/clients")).withHeader("Authorization", equalTo("token-1"))
                .willReturn(aResponse().withStatus(401).withHeader("WWW-Authenticate",
                        "Bearer realm=\"clientsuccess\", error=\"invalid_token\"")
                        .withBody("{\"error\":\"invalid_token\",\"error_description\":\"token-1\"}")));
        rest.stubFor(get(urlPathEqualTo("/v1/clients")).withHeader("Authorization", equalTo("token-2"))
                .willReturn(okJson(CLIENT)));

        sync(false, Map.of("seats", "30"));

        assertEquals(List.of("POST /v1/auth", "GET /v1/clients?externalId=g1", "POST /v1/auth",
                "GET /v1/clients?externalId=g1", "PUT /v1/clients/42"), calls());
    }

    @Test
    void aClientThatDoesNotExistIsSkippedWithTheReason() throws Exception {
        rest.stubFor(get(urlPathEqualTo("/v1/clients")).willReturn(aResponse().withStatus(404)
                .withBody("{\"userMessage\":\"Client not found\"}")));

        Exchange exchange = sync(false, Map.of("plan", "Enterprise"));

        assertEquals(List.of("POST /v1/auth", "GET /v1/clients?externalId=g1"), calls());
        assertEquals(MessageFate.SKIPPED, MessageFate.of(exchange).step());
        assertEquals(CustomFieldsSync.NO_CLIENT + " (g1)", MessageFate.of(exchange).reason());
    }

    @Test
    void aClientThatDoesNotExistIsCreatedWhenAskedWithNameExternalIdAndUsageIdAndItsOwnFieldsFilled()
            throws Exception {
        rest.stubFor(get(urlPathEqualTo("/v1/clients")).willReturn(aResponse().withStatus(404)));
        // The create reply's custom fields are placeholders, as recorded in 2018.
        rest.stubFor(post(urlPathEqualTo("/v1/clients")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":42,\"name\":\"Acme\",\"customFieldValues\":[null,null]}")));
        rest.stubFor(get(urlPathEqualTo("/v1/clients/42")).willReturn(okJson(CLIENT.replace("\"Pro\"", "null"))));

        sync(true, Map.of("plan", "Pro"));

        assertEquals(List.of("POST /v1/auth", "GET /v1/clients?externalId=g1", "POST /v1/clients",
                "GET /v1/clients/42", "PUT /v1/clients/42"), calls());
        rest.verify(postRequestedFor(urlPathEqualTo("/v1/clients"))
                .withRequestBody(equalToJson("{\"name\":\"Acme\",\"externalId\":\"g1\",\"usageId\":\"g1\",\"statusId\":1}")));
        rest.verify(putRequestedFor(urlPathEqualTo("/v1/clients/42"))
                .withRequestBody(matchingJsonPath("$.customFieldValues[0].value", equalTo("Pro"))));
    }

    @Test
    void anOlderSyncThatComesAfterANewerOneWasWrittenIsSkipped() throws Exception {
        rest.stubFor(get(urlPathEqualTo("/v1/clients")).willReturn(okJson(CLIENT)));
        CustomFieldsSync sync = sync(false);

        sync.client(pending(CustomFieldsSync.clientPayload("g1", "Acme", Map.of("plan", "Enterprise")),
                OutboxStore.CLIENT_FIELDS, 2));
        Exchange older = pending(CustomFieldsSync.clientPayload("g1", "Acme", Map.of("plan", "Starter")),
                OutboxStore.CLIENT_FIELDS, 1);
        sync.client(older);

        assertEquals(MessageFate.SKIPPED, MessageFate.of(older).step());
        assertEquals(CustomFieldsSync.SUPERSEDED, MessageFate.of(older).reason());
        assertEquals(List.of("POST /v1/auth", "GET /v1/clients?externalId=g1", "PUT /v1/clients/42"), calls());
    }

    @Test
    void whatWasQueuedWhileTheApiWasSetUpIsSkippedOnceItIsNot() throws Exception {
        ClientSuccessRest client = new ClientSuccessRest(rest.baseUrl(), "", "", Duration.ofSeconds(5), json, now::get);
        Exchange exchange = exchange(Map.of("plan", "Pro"));

        new CustomFieldsSync(false, client, new FieldValues(List.of()), false, new EventCounters(meters), json)
                .client(exchange);

        assertEquals(CustomFieldsSync.OFF, MessageFate.of(exchange).reason());
        assertEquals(List.of(), calls());
    }

    @Test
    void aRefusedLoginIsTriedAgainLaterNotAtEveryDelivery() throws Exception {
        rest.resetAll();
        rest.stubFor(post(urlPathEqualTo("/v1/auth")).willReturn(aResponse().withStatus(401)
                .withBody("{\"code\":\"Unauthorized\",\"message\":\"\"}")));
        CustomFieldsSync sync = sync(false);

        IOException refused = assertThrows(IOException.class, () -> sync.client(exchange(Map.of("plan", "Pro"))));
        assertThrows(IOException.class, () -> sync.client(exchange(Map.of("plan", "Pro"))));

        assertTrue(refused.getMessage().contains("CLIENTSUCCESS_USERNAME"), refused.getMessage());
        assertEquals(List.of("POST /v1/auth"), calls(), "one login, then a pause");
        now.addAndGet(ClientSuccessRest.LOGIN_PAUSE_MILLIS);
        assertThrows(IOException.class, () -> sync.client(exchange(Map.of("plan", "Pro"))));
        assertEquals(List.of("POST /v1/auth", "POST /v1/auth"), calls());
    }

    @Test
    void aTokenEchoedInARefusalIsWithheldAndNoQueryIsNamed() {
        rest.stubFor(get(urlPathEqualTo("/v1/contacts")).willReturn(aResponse().withStatus(403)
                .withBody("{\"error\":\"forbidden\",\"error_description\":\"token-1\"}")));

        HttpOperationFailedException failure = assertThrows(HttpOperationFailedException.class,
                () -> sync(false).contact(contactExchange(Map.of("role", "Admin"))));

        assertEquals(403, failure.getStatusCode());
        assertFalse(failure.getResponseBody().contains("token-1"), failure.getResponseBody());
        assertFalse(failure.getMessage().contains("ada"), failure.getMessage());
    }

    @Test
    void failuresAreThrownWithTheirStatusAndReplyForTheDeliveryRouteToDecide() {
        rest.stubFor(get(urlPathEqualTo("/v1/clients")).willReturn(aResponse().withStatus(503)
                .withHeader("Retry-After", "9").withBody("maintenance")));

        HttpOperationFailedException failure = assertThrows(HttpOperationFailedException.class,
                () -> sync(false, Map.of("plan", "Enterprise")));

        assertEquals(503, failure.getStatusCode());
        assertEquals("maintenance", failure.getResponseBody());
        assertEquals("9", failure.getResponseHeaders().get("Retry-After"));

        rest.stubFor(get(urlPathEqualTo("/v1/clients")).willReturn(okJson(CLIENT)));
        rest.stubFor(put(urlPathEqualTo("/v1/clients/42")).willReturn(aResponse().withStatus(417)
                .withBody("{\"userMessage\":\"wrong type\"}")));
        assertEquals(417, assertThrows(HttpOperationFailedException.class,
                () -> sync(false, Map.of("plan", "Enterprise"))).getStatusCode());
    }

    @Test
    void aUsersContactIsFoundByTheirGroupAndEmailAndItsChangedFieldsWrittenBack() throws Exception {
        rest.stubFor(get(urlPathEqualTo("/v1/contacts")).willReturn(okJson(CONTACT)));
        rest.stubFor(put(urlPathEqualTo("/v1/clients/42/contacts/77/details")).willReturn(okJson(CONTACT)));

        sync(false).contact(contactExchange(Map.of("role", "Admin", "logins", 3)));

        assertEquals(List.of("POST /v1/auth", "GET /v1/contacts?clientExternalId=g1&email=ada%40example.com",
                "PUT /v1/clients/42/contacts/77/details"), calls());
        rest.verify(putRequestedFor(urlPathEqualTo("/v1/clients/42/contacts/77/details"))
                .withRequestBody(matchingJsonPath("$.email", equalTo("ada@example.com")))
                .withRequestBody(matchingJsonPath("$.customFieldValues[0].value", equalTo("Admin"))));
        assertEquals(1.0, fields("unmapped"));
    }

    @Test
    void aMissingContactIsCreatedUnderItsClientWithItsNameAndEmail() throws Exception {
        rest.stubFor(get(urlPathEqualTo("/v1/contacts")).willReturn(okJson("null")));
        rest.stubFor(get(urlPathEqualTo("/v1/clients")).willReturn(okJson(CLIENT)));
        rest.stubFor(post(urlPathEqualTo("/v1/clients/42/contacts"))
                .willReturn(okJson("{\"id\":77,\"email\":\"ada@example.com\"}")));
        rest.stubFor(get(urlPathEqualTo("/v1/clients/42/contacts/77/details"))
                .willReturn(okJson(CONTACT.replace("\"clientId\":42,", ""))));
        rest.stubFor(put(urlPathEqualTo("/v1/clients/42/contacts/77/details")).willReturn(okJson(CONTACT)));

        sync(false).contact(contactExchange(Map.of("role", "Owner")));

        assertEquals(List.of("POST /v1/auth", "GET /v1/contacts?clientExternalId=g1&email=ada%40example.com",
                "GET /v1/clients?externalId=g1", "POST /v1/clients/42/contacts", "GET /v1/clients/42/contacts/77/details",
                "PUT /v1/clients/42/contacts/77/details"), calls());
        rest.verify(postRequestedFor(urlPathEqualTo("/v1/clients/42/contacts")).withRequestBody(
                equalToJson("{\"email\":\"ada@example.com\",\"firstName\":\"Ada\",\"lastName\":\"Lovelace\"}")));
        rest.verify(putRequestedFor(urlPathEqualTo("/v1/clients/42/contacts/77/details"))
                .withRequestBody(matchingJsonPath("$.customFieldValues[0].value", equalTo("Owner"))));
    }

    @Test
    void aContactWhoseClientDoesNotExistIsSkippedWithTheReason() throws Exception {
        rest.stubFor(get(urlPathEqualTo("/v1/contacts")).willReturn(okJson("null")));
        rest.stubFor(get(urlPathEqualTo("/v1/clients")).willReturn(aResponse().withStatus(404)));
        Exchange exchange = contactExchange(Map.of("role", "Owner"));

        sync(false).contact(exchange);

        assertEquals(List.of("POST /v1/auth", "GET /v1/contacts?clientExternalId=g1&email=ada%40example.com",
                "GET /v1/clients?externalId=g1"), calls());
        assertEquals(MessageFate.SKIPPED, MessageFate.of(exchange).step());
        // When clients are created, the group call's own sync creates it: the contact's waits for it.
        assertThrows(IllegalStateException.class, () -> sync(true).contact(contactExchange(Map.of("role", "Owner"))));
    }

    private Exchange sync(boolean createClients, Map<String, Object> traits) throws Exception {
        Exchange exchange = exchange(traits);
        sync(createClients).client(exchange);
        return exchange;
    }

    private CustomFieldsSync sync(boolean createClients) {
        ClientSuccessRest client = new ClientSuccessRest(rest.baseUrl(), "api@example.com", "s3cret",
                Duration.ofSeconds(5), json, now::get);
        return new CustomFieldsSync(true, client, new FieldValues(List.of("plan=Plan Tier")), createClients,
                new EventCounters(meters), json);
    }

    private Exchange exchange(Map<String, Object> traits) throws Exception {
        return pending(CustomFieldsSync.clientPayload("g1", "Acme", traits), OutboxStore.CLIENT_FIELDS);
    }

    private Exchange contactExchange(Map<String, Object> traits) throws Exception {
        return pending(CustomFieldsSync.contactPayload("g1", "ada@example.com", "Ada", "Lovelace", traits),
                OutboxStore.CONTACT_FIELDS);
    }

    private Exchange pending(Map<String, Object> payload, String kind) throws Exception {
        return pending(payload, kind, 1);
    }

    private Exchange pending(Map<String, Object> payload, String kind, long id) throws Exception {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(ClientSuccessRequest.PENDING, new OutboxStore.Pending(id, "m" + id, "u1", "g1",
                json.writeValueAsString(payload), "{}", 0, null, 0, kind));
        return exchange;
    }

    private List<String> calls() {
        List<String> calls = new ArrayList<>(rest.getAllServeEvents().stream()
                .map(event -> event.getRequest().getMethod() + " " + event.getRequest().getUrl()).toList());
        Collections.reverse(calls); // WireMock lists the latest first
        return calls;
    }

    private double fields(String outcome) {
        return meters.counter(EventCounters.FIELDS_METER, "outcome", outcome).count();
    }
}
