package io.github.segment2cs.example;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.segment2cs.clientsuccess.ClientSuccessRejected;
import io.github.segment2cs.clientsuccess.UsageApi;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The Spring Boot host sends usage events through kamelet:clientsuccess-sink to a WireMock ClientSuccess. */
@SpringBootTest
class UsageApplicationTest {

    static final String EVENTS = "/collector/1.0.0/projects/p1/events/";
    static final String EVENT = "{\"identity\":{\"userId\":\"u1\",\"clientId\":\"g1\"},\"value\":1,"
            + "\"timestamp\":\"2024-05-01T10:00:00Z\"}";
    static final WireMockServer CLIENT_SUCCESS = new WireMockServer(WireMockConfiguration.options().dynamicPort());

    @Autowired
    ProducerTemplate producer;

    @DynamicPropertySource
    static void clientSuccess(DynamicPropertyRegistry registry) {
        CLIENT_SUCCESS.start();
        registry.add("clientsuccess.base-url", CLIENT_SUCCESS::baseUrl);
        registry.add("clientsuccess.api-key", () -> "key-1");
        registry.add("clientsuccess.project-id", () -> "p1");
    }

    @AfterAll
    static void stop() {
        CLIENT_SUCCESS.stop();
    }

    @BeforeEach
    void reset() {
        CLIENT_SUCCESS.resetAll();
    }

    @Test
    void postsTheEvent() {
        CLIENT_SUCCESS.stubFor(post(urlPathMatching(EVENTS + ".*")).willReturn(aResponse().withStatus(200)));

        producer.sendBodyAndHeader("direct:usage", EVENT, UsageApi.EVENT_HEADER, "Report Submitted");

        CLIENT_SUCCESS.verify(1, postRequestedFor(urlPathEqualTo(EVENTS + "Report%20Submitted"))
                .withQueryParam("api_key", equalTo("key-1")).withRequestBody(equalToJson(EVENT)));
    }

    @Test
    void aServiceUnavailableIsTriedAgainByTheHostsRoute() {
        CLIENT_SUCCESS.stubFor(post(urlPathMatching(EVENTS + ".*")).inScenario("503 once")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("recovered")
                .willReturn(aResponse().withStatus(503)));
        CLIENT_SUCCESS.stubFor(post(urlPathMatching(EVENTS + ".*")).inScenario("503 once")
                .whenScenarioStateIs("recovered").willReturn(aResponse().withStatus(200)));

        producer.sendBodyAndHeader("direct:usage", EVENT, UsageApi.EVENT_HEADER, "Login");

        CLIENT_SUCCESS.verify(2, postRequestedFor(urlPathEqualTo(EVENTS + "Login")));
    }

    @Test
    void aRefusalReachesTheCallerWithItsStatus() {
        CLIENT_SUCCESS.stubFor(post(urlPathMatching(EVENTS + ".*")).willReturn(aResponse().withStatus(400)));

        CamelExecutionException failure = assertThrows(CamelExecutionException.class,
                () -> producer.sendBodyAndHeader("direct:usage", EVENT, UsageApi.EVENT_HEADER, "Login"));

        assertEquals(400, assertInstanceOf(ClientSuccessRejected.class, failure.getCause()).getStatusCode());
        CLIENT_SUCCESS.verify(1, postRequestedFor(urlPathEqualTo(EVENTS + "Login")));
    }
}
