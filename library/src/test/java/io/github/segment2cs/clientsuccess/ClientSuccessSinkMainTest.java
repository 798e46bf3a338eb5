package io.github.segment2cs.clientsuccess;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.util.Map;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Endpoint;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The clientsuccess-sink Kamelet in a plain Camel Main application (no Quarkus, no Spring) that adds
 * only this library: its route (host/sink-routes.yaml) sends usage events to
 * {@code kamelet:clientsuccess-sink}, and a WireMock ClientSuccess receives them.
 */
class ClientSuccessSinkMainTest {

    static final String API_KEY = "secret key/1";
    static final String EVENTS = "/collector/1.0.0/projects/p1/events/";
    static final String EVENT = "{\"identity\":{\"userId\":\"u1\",\"clientId\":\"g1\"},\"value\":3,"
            + "\"timestamp\":\"2024-05-01T10:00:00Z\"}";

    static WireMockServer clientSuccess;
    static Main main;
    static ProducerTemplate producer;

    @BeforeAll
    static void start() throws Exception {
        clientSuccess = new WireMockServer(wireMockConfig().dynamicPort());
        clientSuccess.start();
        main = new Main();
        main.configure().withRoutesIncludePattern("classpath:host/sink-routes.yaml");
        main.addInitialProperty("camel.kamelet.clientsuccess-sink.apiKey", API_KEY);
        main.addInitialProperty("camel.kamelet.clientsuccess-sink.projectId", "p1");
        main.addInitialProperty("camel.kamelet.clientsuccess-sink.baseUrl", clientSuccess.baseUrl());
        main.start();
        producer = main.getCamelContext().createProducerTemplate();
    }

    @AfterAll
    static void stop() {
        main.stop();
        clientSuccess.stop();
    }

    @BeforeEach
    void reset() {
        clientSuccess.resetAll();
    }

    @Test
    void postsTheEventWithItsNameAsOneEncodedSegmentAndTheKeyAsAQueryParameterAndNoneOfTheCallersHeaders() {
        clientSuccess.stubFor(post(urlPathMatching(EVENTS + ".*")).willReturn(aResponse().withStatus(200)));

        producer.sendBodyAndHeaders("direct:usage", EVENT, Map.of(UsageApi.EVENT_HEADER, "Report Sent/Q1 *",
                "Authorization", "Bearer the-host's-own", "CamelHttpUri", "http://elsewhere.invalid/"));

        clientSuccess.verify(1, postRequestedFor(urlPathEqualTo(EVENTS + "Report%20Sent%2FQ1%20%2A"))
                .withQueryParam("api_key", equalTo(API_KEY))
                .withHeader("Content-Type", equalTo("application/json"))
                .withoutHeader("Authorization")
                .withoutHeader(UsageApi.EVENT_HEADER)
                .withRequestBody(equalToJson(EVENT)));
    }

    @Test
    void takesTheEventAsAMapToo() {
        clientSuccess.stubFor(post(urlPathMatching(EVENTS + ".*")).willReturn(aResponse().withStatus(200)));

        producer.sendBodyAndHeader("direct:usage", Map.of("identity", Map.of("userId", "u1"), "value", 1),
                UsageApi.EVENT_HEADER, "Login");

        clientSuccess.verify(1, postRequestedFor(urlPathEqualTo(EVENTS + "Login"))
                .withRequestBody(equalToJson("{\"identity\":{\"userId\":\"u1\"},\"value\":1}")));
    }

    @Test
    void aTransientFailureIsThrownToTheCallersErrorHandlerWhichTriesAgain() {
        // Two 503s, then a 200: the host's two redeliveries, one request each (the HTTP client
        // would otherwise have sent each 503'd request again on its own).
        clientSuccess.stubFor(post(urlPathMatching(EVENTS + ".*")).inScenario("503 twice")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("once more")
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "0")));
        clientSuccess.stubFor(post(urlPathMatching(EVENTS + ".*")).inScenario("503 twice")
                .whenScenarioStateIs("once more").willSetStateTo("recovered")
                .willReturn(aResponse().withStatus(503)));
        clientSuccess.stubFor(post(urlPathMatching(EVENTS + ".*")).inScenario("503 twice")
                .whenScenarioStateIs("recovered").willReturn(aResponse().withStatus(200)));

        producer.sendBodyAndHeader("direct:usage", EVENT, UsageApi.EVENT_HEADER, "Login");

        clientSuccess.verify(3, postRequestedFor(urlPathEqualTo(EVENTS + "Login")));
    }

    @Test
    void whatStillFailsReachesTheCallerAsUnavailableWithStatusAndRetryAfter() {
        clientSuccess.stubFor(post(urlPathMatching(EVENTS + ".*"))
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7").withBody("slow down")));

        ClientSuccessUnavailable failure = assertInstanceOf(ClientSuccessUnavailable.class,
                sendFailing(EVENT, "Login"));

        assertEquals(429, failure.getStatusCode());
        assertEquals("slow down", failure.getResponseBody());
        assertEquals(7_000L, failure.getRetryAfterMillis());
        clientSuccess.verify(3, postRequestedFor(urlPathEqualTo(EVENTS + "Login")));
    }

    @Test
    void noAnswerIsUnavailableToo() {
        clientSuccess.stubFor(post(urlPathMatching(EVENTS + ".*"))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        ClientSuccessUnavailable failure = assertInstanceOf(ClientSuccessUnavailable.class,
                sendFailing(EVENT, "Login"));

        assertEquals(0, failure.getStatusCode());
        assertNull(failure.getRetryAfterMillis());
        clientSuccess.verify(3, postRequestedFor(urlPathEqualTo(EVENTS + "Login")));
    }

    @Test
    void aRefusalIsThrownWithItsStatusAndReplyAndNotTriedAgain() {
        clientSuccess.stubFor(post(urlPathMatching(EVENTS + ".*"))
                .willReturn(aResponse().withStatus(422).withBody("{\"error\":\"bad identity\"}")));

        ClientSuccessRejected failure = assertInstanceOf(ClientSuccessRejected.class, sendFailing(EVENT, "Login"));

        assertEquals(422, failure.getStatusCode());
        assertEquals("{\"error\":\"bad identity\"}", failure.getResponseBody());
        clientSuccess.verify(1, postRequestedFor(urlPathEqualTo(EVENTS + "Login")));
    }

    @Test
    void anEventWithoutANameIsRefusedBeforeAnyCall() {
        Throwable failure = sendFailing(EVENT, null);

        assertInstanceOf(IllegalArgumentException.class, failure);
        assertTrue(failure.getMessage().contains(UsageApi.EVENT_HEADER), failure.getMessage());
        assertEquals(0, clientSuccess.getAllServeEvents().size());
    }

    @Test
    void theApiKeyIsInNoEndpointUri() {
        clientSuccess.stubFor(post(urlPathMatching(EVENTS + ".*")).willReturn(aResponse().withStatus(200)));
        producer.sendBodyAndHeader("direct:usage", EVENT, UsageApi.EVENT_HEADER, "Login");

        for (Endpoint endpoint : main.getCamelContext().getEndpoints()) {
            assertTrue(!endpoint.getEndpointUri().contains("secret"), endpoint.getEndpointUri());
        }
    }

    private static Throwable sendFailing(String body, String eventName) {
        try {
            producer.sendBodyAndHeader("direct:usage", body, UsageApi.EVENT_HEADER, eventName);
        } catch (CamelExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("the send did not fail");
    }
}
