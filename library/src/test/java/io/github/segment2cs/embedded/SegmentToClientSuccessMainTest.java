package io.github.segment2cs.embedded;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.segment2cs.segment.InboxEntry;
import io.github.segment2cs.support.ScratchPostgresql;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The segment-to-clientsuccess-sink Kamelet in a plain Camel Main application (no Quarkus, no
 * Spring) that adds only this library and names no DataSource (so the state is in H2 under a
 * directory of its own): its route (host/destination-routes.yaml) sends Segment messages to the
 * Kamelet, and a WireMock ClientSuccess receives what they mean.
 */
class SegmentToClientSuccessMainTest {

    static final String EVENTS = "/collector/1.0.0/projects/p1/events/";

    static WireMockServer clientSuccess;
    static Main main;
    static ProducerTemplate producer;

    @BeforeAll
    static void start() throws Exception {
        clientSuccess = new WireMockServer(wireMockConfig().dynamicPort());
        clientSuccess.start();
        clientSuccess.stubFor(post(urlPathMatching(EVENTS + ".*")).willReturn(aResponse().withStatus(200)));
        Path stateDir = Files.createTempDirectory("s2cs-main-test");
        main = new Main();
        main.configure().withRoutesIncludePattern("classpath:host/destination-routes.yaml");
        String kamelet = "camel.kamelet.segment-to-clientsuccess-sink.";
        main.addInitialProperty(kamelet + "apiKey", "key-1");
        main.addInitialProperty(kamelet + "projectId", "p1");
        main.addInitialProperty(kamelet + "baseUrl", clientSuccess.baseUrl());
        main.addInitialProperty(kamelet + "stateDir", stateDir.toString());
        main.addInitialProperty(kamelet + "maxRate", "500");
        main.start();
        producer = main.getCamelContext().createProducerTemplate();
    }

    @AfterAll
    static void stop() {
        main.stop();
        clientSuccess.stop();
    }

    @Test
    void anEventOfAUserWithoutAGroupIsHeldAndReleasedByTheGroupCallWithItsOriginalTime() {
        send("{\"type\":\"identify\",\"messageId\":\"held-1\",\"userId\":\"u-held\","
                + "\"traits\":{\"name\":\"Ada Lovelace\",\"email\":\"ada@example.com\"}}");
        send("{\"type\":\"track\",\"messageId\":\"held-2\",\"userId\":\"u-held\",\"event\":\"Report Built\","
                + "\"timestamp\":\"2024-05-01T10:00:00Z\"}");
        sleep(Duration.ofSeconds(2));
        assertEquals(0, requests("Report%20Built").size(), "sent before the user had a group");

        send("{\"type\":\"group\",\"messageId\":\"held-3\",\"userId\":\"u-held\",\"groupId\":\"g-1\","
                + "\"traits\":{\"name\":\"Acme\"}}");

        await(() -> requests("Report%20Built").size() == 1);
        clientSuccess.verify(postRequestedFor(urlPathEqualTo(EVENTS + "Report%20Built"))
                .withQueryParam("api_key", equalTo("key-1"))
                .withRequestBody(matchingJsonPath("$.identity.organization.id", equalTo("g-1")))
                .withRequestBody(matchingJsonPath("$.identity.organization.name", equalTo("Acme")))
                .withRequestBody(matchingJsonPath("$.identity.user.email", equalTo("ada@example.com")))
                .withRequestBody(matchingJsonPath("$.timestamp", equalTo("2024-05-01T10:00:00.000Z"))));
    }

    @Test
    void aServiceUnavailableIsTriedAgainUntilClientSuccessTakesIt() {
        clientSuccess.stubFor(post(urlPathEqualTo(EVENTS + "Retried")).inScenario("503 once")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("recovered")
                .willReturn(aResponse().withStatus(503)));
        clientSuccess.stubFor(post(urlPathEqualTo(EVENTS + "Retried")).inScenario("503 once")
                .whenScenarioStateIs("recovered").willReturn(aResponse().withStatus(200)));
        send("{\"type\":\"group\",\"messageId\":\"retry-1\",\"userId\":\"u-retry\",\"groupId\":\"g-2\",\"traits\":{\"name\":\"Beta\"}}");
        send("{\"type\":\"track\",\"messageId\":\"retry-2\",\"userId\":\"u-retry\",\"event\":\"Retried\"}");

        await(() -> requests("Retried").size() == 2);
        sleep(Duration.ofSeconds(2));
        assertEquals(2, requests("Retried").size(), "sent again after ClientSuccess took it");
    }

    @Test
    void aRepeatedMessageIdIsRecordedOnceAndSaysSo() {
        String group = "{\"type\":\"group\",\"messageId\":\"dup-1\",\"userId\":\"u-dup\",\"groupId\":\"g-3\","
                + "\"traits\":{\"name\":\"Gamma\"}}";

        assertEquals(false, duplicate(group));
        assertEquals(true, duplicate(group));
    }

    private static Object duplicate(String message) {
        return producer.request("direct:segment", exchange -> exchange.getMessage().setBody(message))
                .getMessage().getHeader(MessageIntake.DUPLICATE_HEADER);
    }

    @Test
    void aMessageThatIsNotValidSegmentIsThrownBackNamingTheField() {
        CamelExecutionException failure = assertThrows(
                CamelExecutionException.class,
                () -> producer.sendBody("direct:segment", "{\"type\":\"track\",\"event\":\"No One\"}"));

        InboxEntry.Refused refused = assertInstanceOf(InboxEntry.Refused.class, failure.getCause());
        assertTrue(refused.getMessage().contains("'userId'"), refused.getMessage());
    }

    @Test
    void theRoutesAndTablesAreNamespaced() {
        assertTrue(main.getCamelContext().getRoutes().stream()
                .filter(route -> !route.getRouteId().startsWith("host-"))
                .allMatch(route -> route.getRouteId().startsWith("s2cs-")
                        || route.getRouteId().startsWith("segment-to-clientsuccess-sink")),
                main.getCamelContext().getRoutes().toString());
        assertTrue(main.getCamelContext().getRoute("s2cs-drain-outbox") != null);
    }

    @Test
    void theStateCanLiveInAPostgresqlDataSourceTheHostNames() throws Exception {
        try (ScratchPostgresql postgresql = new ScratchPostgresql("s2cs_kamelet")) {
            Main host = new Main();
            host.configure().withRoutesIncludePattern("classpath:host/destination-routes.yaml");
            host.bind("hostDb", postgresql.dataSource());
            String kamelet = "camel.kamelet.segment-to-clientsuccess-sink.";
            host.addInitialProperty(kamelet + "apiKey", "key-2");
            host.addInitialProperty(kamelet + "projectId", "p1");
            host.addInitialProperty(kamelet + "baseUrl", clientSuccess.baseUrl());
            host.addInitialProperty(kamelet + "dataSource", "hostDb");
            host.start();
            try {
                ProducerTemplate hostProducer = host.getCamelContext().createProducerTemplate();
                hostProducer.sendBody("direct:segment", "{\"type\":\"track\",\"messageId\":\"pg-1\","
                        + "\"userId\":\"u-pg\",\"event\":\"Seat Added\",\"timestamp\":\"2024-07-01T12:00:00Z\"}");
                hostProducer.sendBody("direct:segment", "{\"type\":\"group\",\"messageId\":\"pg-2\","
                        + "\"userId\":\"u-pg\",\"groupId\":\"g-pg\",\"traits\":{\"name\":\"Umbrella\"}}");

                await(() -> requests("Seat%20Added").size() == 1);
                clientSuccess.verify(postRequestedFor(urlPathEqualTo(EVENTS + "Seat%20Added"))
                        .withQueryParam("api_key", equalTo("key-2"))
                        .withRequestBody(matchingJsonPath("$.identity.organization.id", equalTo("g-pg")))
                        .withRequestBody(matchingJsonPath("$.timestamp", equalTo("2024-07-01T12:00:00.000Z"))));
            } finally {
                host.stop();
            }
            try (Connection connection = postgresql.dataSource().getConnection();
                    ResultSet delivered = connection.createStatement().executeQuery(
                            "SELECT count(*) FROM s2cs_delivered")) {
                assertTrue(delivered.next() && delivered.getLong(1) >= 1, "no delivery recorded in PostgreSQL");
            }
        }
    }

    private static void send(String message) {
        producer.sendBody("direct:segment", message);
    }

    private static List<LoggedRequest> requests(String event) {
        return clientSuccess.findAll(postRequestedFor(urlPathEqualTo(EVENTS + event)));
    }

    private static void await(BooleanSupplier condition) {
        Instant deadline = Instant.now().plusSeconds(20);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within 20 s; ClientSuccess saw " + clientSuccess.getAllServeEvents());
            }
            sleep(Duration.ofMillis(100));
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
