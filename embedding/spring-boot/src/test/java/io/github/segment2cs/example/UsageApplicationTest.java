package io.github.segment2cs.example;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.segment2cs.clientsuccess.ClientSuccessRejected;
import io.github.segment2cs.clientsuccess.UsageApi;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Spring Boot host sends usage events through kamelet:clientsuccess-sink, and Segment messages
 * through kamelet:segment-to-clientsuccess-sink (state in the host's DataSource), to a WireMock
 * ClientSuccess.
 */
@SpringBootTest
class UsageApplicationTest {

    static final String EVENTS = "/collector/1.0.0/projects/p1/events/";
    static final String EVENT = "{\"identity\":{\"userId\":\"u1\",\"clientId\":\"g1\"},\"value\":1,"
            + "\"timestamp\":\"2024-05-01T10:00:00Z\"}";
    static final WireMockServer CLIENT_SUCCESS = new WireMockServer(WireMockConfiguration.options().dynamicPort());

    @Autowired
    ProducerTemplate producer;

    @Autowired
    DataSource dataSource;

    @DynamicPropertySource
    static void clientSuccess(DynamicPropertyRegistry registry) {
        CLIENT_SUCCESS.start();
        registry.add("clientsuccess.base-url", CLIENT_SUCCESS::baseUrl);
        registry.add("clientsuccess.api-key", () -> "key-1");
        registry.add("clientsuccess.project-id", () -> "p1");
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:host-" + UUID.randomUUID()
                + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
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

    @Test
    void theDestinationHoldsAnEventUntilItsUsersGroupCallAndDeliversItWithItsOriginalTime() {
        CLIENT_SUCCESS.stubFor(post(urlPathMatching(EVENTS + ".*")).willReturn(aResponse().withStatus(200)));
        producer.sendBody("direct:segment", "{\"type\":\"track\",\"messageId\":\"sb-1\",\"userId\":\"u-sb\","
                + "\"event\":\"Invoice Sent\",\"timestamp\":\"2024-06-01T08:30:00Z\"}");
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> CLIENT_SUCCESS.findAll(postRequestedFor(urlPathMatching(EVENTS + ".*"))).isEmpty());

        producer.sendBody("direct:segment", "{\"type\":\"group\",\"messageId\":\"sb-2\",\"userId\":\"u-sb\","
                + "\"groupId\":\"g-sb\",\"traits\":{\"name\":\"Initech\"}}");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> CLIENT_SUCCESS.verify(1,
                postRequestedFor(urlPathEqualTo(EVENTS + "Invoice%20Sent"))
                        .withRequestBody(matchingJsonPath("$.identity.organization.id", equalTo("g-sb")))
                        .withRequestBody(matchingJsonPath("$.timestamp", equalTo("2024-06-01T08:30:00.000Z")))));
    }

    @Test
    void theDestinationTriesAServiceUnavailableAgainOnItsOwn() {
        CLIENT_SUCCESS.stubFor(post(urlPathMatching(EVENTS + ".*")).inScenario("503 once")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("recovered")
                .willReturn(aResponse().withStatus(503)));
        CLIENT_SUCCESS.stubFor(post(urlPathMatching(EVENTS + ".*")).inScenario("503 once")
                .whenScenarioStateIs("recovered").willReturn(aResponse().withStatus(200)));

        producer.sendBody("direct:segment", "{\"type\":\"group\",\"messageId\":\"sb-3\",\"userId\":\"u-sb2\","
                + "\"groupId\":\"g-sb2\",\"traits\":{\"name\":\"Hooli\"}}");
        producer.sendBody("direct:segment", "{\"type\":\"track\",\"messageId\":\"sb-4\",\"userId\":\"u-sb2\","
                + "\"event\":\"Export\"}");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> CLIENT_SUCCESS.verify(2,
                postRequestedFor(urlPathEqualTo(EVENTS + "Export"))));
    }

    @Test
    void theDestinationsTablesAreInTheHostsDatabase() throws Exception {
        try (Connection connection = dataSource.getConnection();
                ResultSet tables = connection.getMetaData().getTables(null, null, "s2cs_inbox", null)) {
            assertTrue(tables.next(), "no s2cs_inbox table in the host's DataSource");
        }
    }
}
