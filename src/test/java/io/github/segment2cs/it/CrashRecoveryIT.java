package io.github.segment2cs.it;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.segment2cs.support.PackagedService;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged application under SIGKILL: every event answered 200 reaches ClientSuccess, held
 * events survive a restart, and messageIds are remembered across restarts.
 */
class CrashRecoveryIT {

    static final String WRITE_KEY = "crash-key";
    static final String ORG = "g-crash";
    static final ObjectMapper JSON = new ObjectMapper();
    /** Camel's default thread pool for the parallel split in deliver.yaml. */
    static final int PARALLEL_DELIVERIES = 10;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    WireMockServer clientSuccess;
    PackagedService service;

    @BeforeEach
    void start() throws IOException {
        clientSuccess = new WireMockServer(options().dynamicPort().containerThreads(20));
        clientSuccess.start();
        clientSuccess.stubFor(post(urlPathMatching("/collector/.*"))
                .willReturn(okJson("{\"created\":true}").withFixedDelay(5)));
        Path state = Files.createTempDirectory(PackagedService.BUILD, "crash-state");
        service = new PackagedService("crash-" + state.getFileName(), Map.of(
                "CLIENTSUCCESS_API_KEY", "key", "CLIENTSUCCESS_PROJECT_ID", "proj",
                "CLIENTSUCCESS_BASE_URL", clientSuccess.baseUrl(), "SEGMENT_WRITE_KEYS", WRITE_KEY,
                "STATE_DIR", state.toString(), "OPS_TOKEN", "ops", "DELIVERY_MAX_RATE", "2000",
                "HOLDBACK_SWEEP_INTERVAL", "500")).start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        service.stop();
        clientSuccess.stop();
    }

    @Test
    void everyAcceptedEventIsDeliveredAcrossAKillMidStream() throws Exception {
        int users = 20;
        for (int u = 0; u < users; u++) {
            send("/v1/group", "{\"userId\":\"crash-user-" + u + "\",\"groupId\":\"" + ORG
                    + "\",\"traits\":{\"name\":\"Crash Org\"}}");
        }
        int batches = 40;
        int perBatch = 100;
        Set<String> accepted = new HashSet<>();
        long started = System.nanoTime();
        for (int b = 0; b < batches; b++) {
            if (b == batches / 2) {
                service.kill();
                service.start();
            }
            StringBuilder batch = new StringBuilder("{\"batch\":[");
            List<String> events = new java.util.ArrayList<>();
            for (int i = 0; i < perBatch; i++) {
                String event = "crash-" + b + "-" + i;
                events.add(event);
                batch.append(i == 0 ? "" : ",").append("{\"type\":\"track\",\"messageId\":\"").append(event)
                        .append("\",\"userId\":\"crash-user-").append(i % users).append("\",\"event\":\"")
                        .append(event).append("\"}");
            }
            if (send("/v1/batch", batch.append("]}").toString()) == 200) {
                accepted.addAll(events);
            }
            if (b == batches / 2 - 2) {
                // Kill while the previous batches are still being routed and delivered.
                Thread.sleep(50);
            }
        }
        double acceptSeconds = (System.nanoTime() - started) / 1e9;
        await().atMost(120, SECONDS).pollInterval(1, SECONDS)
                .until(() -> deliveredEventIds().keySet().containsAll(accepted));
        Map<String, Long> delivered = deliveredEventIds();
        long repeats = delivered.values().stream().mapToLong(count -> count - 1).sum();
        System.out.printf("crash test: %d events accepted in %.1f s across a SIGKILL; %d delivered, %d repeats%n",
                accepted.size(), acceptSeconds, delivered.size(), repeats);
        assertEquals(batches * perBatch, accepted.size(), "every batch sent while the service was up is accepted");
        assertTrue(delivered.keySet().containsAll(accepted));
        assertTrue(repeats <= perBatch * 5L, "only events in flight at the kill may repeat: " + repeats);
    }

    @Test
    void heldEventsAndSeenMessageIdsSurviveAKill() throws Exception {
        String early = "{\"type\":\"track\",\"messageId\":\"held-1\",\"userId\":\"late-joiner\",\"event\":\"Held One\","
                + "\"timestamp\":\"2026-11-01T08:00:00.000Z\"}";
        assertEquals(200, send("/v1/track", early));
        assertEquals(200, send("/v1/track", "{\"type\":\"track\",\"messageId\":\"held-2\",\"userId\":\"late-joiner\","
                + "\"event\":\"Held Two\",\"timestamp\":\"2026-11-02T08:00:00.000Z\"}"));
        await().atMost(10, SECONDS).until(() -> ops("/ops/held").path("total").asInt() == 1);
        service.kill();
        service.start();

        // Held at once if their claim had ended before the kill, else held again from the inbox.
        await().atMost(10, SECONDS).until(() -> ops("/ops/held").path("items").path(0).path("events").asInt() == 2);
        assertEquals(200, send("/v1/track", early), "a messageId seen before the crash is still a duplicate");
        send("/v1/group", "{\"userId\":\"late-joiner\",\"groupId\":\"g-late\",\"traits\":{\"name\":\"Late Org\"}}");
        await().atMost(15, SECONDS).until(() -> deliveredBodies().size() == 2);
        Map<String, String> timestamps = deliveredBodies().stream().collect(Collectors.toMap(
                body -> body.get("event").asText(), body -> body.get("body").get("timestamp").asText()));
        assertEquals(Map.of("Held One", "2026-11-01T08:00:00.000Z", "Held Two", "2026-11-02T08:00:00.000Z"),
                timestamps);
        Thread.sleep(1000);
        assertEquals(2, deliveredBodies().size(), "the duplicate was not delivered again");
    }

    @Test
    void eventsHandedOverByAnAliasStayHeldAcrossAStopAndAKill() throws Exception {
        assertEquals(200, send("/v1/track", "{\"messageId\":\"handed-1\",\"userId\":\"anon-crash\","
                + "\"event\":\"Handed Over\",\"timestamp\":\"2026-11-03T08:00:00.000Z\"}"));
        await().atMost(10, SECONDS).until(() -> heldEvents("anon-crash") == 1);
        assertEquals(200, send("/v1/alias", "{\"previousId\":\"anon-crash\",\"userId\":\"signed-up\"}"));
        await().atMost(10, SECONDS).until(() -> heldEvents("signed-up") == 1);

        long stopping = System.nanoTime();
        service.stop();
        double stopSeconds = (System.nanoTime() - stopping) / 1e9;
        assertTrue(stopSeconds < 15, "resting held events leave nothing to drain; the stop took " + stopSeconds + " s");
        service.start();
        assertEquals(1, heldEvents("signed-up"), "held after a graceful stop");
        service.kill();
        service.start();
        assertEquals(1, heldEvents("signed-up"), "held after a kill");

        send("/v1/group", "{\"userId\":\"signed-up\",\"groupId\":\"g-signed\",\"traits\":{\"name\":\"Signed\"}}");
        await().atMost(15, SECONDS).until(() -> deliveredBodies().size() == 1);
        JsonNode delivered = deliveredBodies().get(0).get("body");
        assertEquals("2026-11-03T08:00:00.000Z", delivered.get("timestamp").asText());
        assertEquals("signed-up", delivered.at("/identity/user/id").asText());
        assertEquals("g-signed", delivered.at("/identity/organization/id").asText());
        Thread.sleep(1000);
        assertEquals(1, deliveredBodies().size(), "released once");
    }

    @Test
    void aGracefulStopFinishesInFlightWorkAndARestartDeliversTheRest() throws Exception {
        clientSuccess.stubFor(post(urlPathMatching("/collector/.*"))
                .willReturn(okJson("{\"created\":true}").withFixedDelay(40)));
        send("/v1/group", "{\"userId\":\"calm-user\",\"groupId\":\"" + ORG + "\",\"traits\":{\"name\":\"Calm\"}}");
        Set<String> accepted = new HashSet<>();
        for (int b = 0; b < 3; b++) {
            StringBuilder batch = new StringBuilder("{\"batch\":[");
            for (int i = 0; i < 100; i++) {
                String event = "calm-" + b + "-" + i;
                accepted.add(event);
                batch.append(i == 0 ? "" : ",").append("{\"type\":\"track\",\"messageId\":\"").append(event)
                        .append("\",\"userId\":\"calm-user\",\"event\":\"").append(event).append("\"}");
            }
            assertEquals(200, send("/v1/batch", batch.append("]}").toString()));
        }
        // Stop while deliveries are under way (each takes 40 ms at the mock).
        await().atMost(20, SECONDS).until(() -> deliveredEventIds().size() > 20);
        int deliveredBeforeStop = deliveredEventIds().size();
        service.stop();
        int deliveredWhileStopping = deliveredEventIds().size();
        assertEquals(-1, send("/v1/track", "{\"userId\":\"calm-user\",\"event\":\"Too Late\"}"),
                "a stopped service accepts nothing");
        service.start();
        await().atMost(60, SECONDS).until(() -> deliveredEventIds().keySet().containsAll(accepted));
        long repeats = deliveredEventIds().values().stream().mapToLong(count -> count - 1).sum();
        System.out.printf("graceful stop: %d of %d delivered when SIGTERM was sent, %d when the process had ended, "
                + "%d after restart, %d repeats%n", deliveredBeforeStop, accepted.size(), deliveredWhileStopping,
                accepted.size() - deliveredWhileStopping, repeats);
        assertTrue(repeats <= PARALLEL_DELIVERIES,
                "at most the deliveries in flight when the stop began may repeat: " + repeats);
    }

    int send(String path, String json) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(service.baseUrl() + path))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Basic " + Base64.getEncoder()
                            .encodeToString((WRITE_KEY + ":").getBytes(StandardCharsets.UTF_8)))
                    .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(json)).build();
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    JsonNode ops(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(service.baseUrl() + path))
                .header("Authorization", "Bearer ops").GET().build();
        return JSON.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    /** How many events /ops/held lists for the user (0 when none). */
    int heldEvents(String userId) throws Exception {
        for (JsonNode item : ops("/ops/held").path("items")) {
            if (userId.equals(item.path("userId").asText())) {
                return item.path("events").asInt();
            }
        }
        return 0;
    }

    /** Events ClientSuccess accepted (answered 2xx), by event id, with how often each was accepted. */
    Map<String, Long> deliveredEventIds() {
        return clientSuccess.getAllServeEvents().stream()
                .filter(served -> served.getRequest().getUrl().contains("/events/")
                        && served.getResponse().getStatus() / 100 == 2)
                .map(served -> served.getRequest().getUrl().split("\\?")[0])
                .map(path -> path.substring(path.lastIndexOf("/events/") + 8))
                .collect(Collectors.groupingBy(e -> e, HashMap::new, Collectors.counting()));
    }

    List<JsonNode> deliveredBodies() {
        return clientSuccess.findAll(postRequestedFor(urlPathMatching("/collector/.*"))).stream().map(r -> {
            try {
                String event = java.net.URLDecoder.decode(
                        r.getUrl().split("\\?")[0].substring(r.getUrl().lastIndexOf("/events/") + 8),
                        StandardCharsets.UTF_8);
                return (JsonNode) JSON.createObjectNode().put("event", event).set("body",
                        JSON.readTree(r.getBodyAsString()));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }
}
