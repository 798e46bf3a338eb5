package io.github.segment2cs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.segment2cs.support.FastClientSuccess;
import io.github.segment2cs.support.PackagedService;
import io.github.segment2cs.support.TrackCall;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Acceptance paced to routing (INTAKE_MAX_BACKLOG, INTAKE_MAX_WAIT), on the packaged application:
 * with routing stopped and the backlog at the mark, a request waits, then gets a 503 with
 * Retry-After, and nothing of it is recorded; sent again once routing runs, it is accepted, and
 * every event reaches ClientSuccess once. Routing paced to delivery (PROCESSING_MAX_AHEAD): it
 * waits for a delivery held back here and every event still arrives once, and it does not wait
 * for a slow ClientSuccess.
 */
class PacingIT {

    @Test
    void aRequestOverTheMarkIsRefusedUnrecordedAndAcceptedWhenSentAgainOnceRoutingRuns() throws Exception {
        String stateDir = Files.createTempDirectory(PackagedService.BUILD, "pacing").toAbsolutePath().toString();
        StringBuilder first = new StringBuilder("{\"batch\":[{\"type\":\"group\",\"userId\":\"paced\","
                + "\"groupId\":\"g-paced\",\"traits\":{\"name\":\"Paced Co\"}}");
        // 60 messages: the first run of routing's timer may claim up to 20 of them (DrainLoop's
        // rounds) before its next, an hour later, and 40 still reach the mark of 20.
        for (int i = 0; i < 59; i++) {
            first.append(',').append(TrackCall.json(TrackCall.messageId(), "paced", "First " + i));
        }
        StringBuilder second = new StringBuilder("{\"batch\":[");
        for (int i = 0; i < 5; i++) {
            second.append(i == 0 ? "" : ",").append(TrackCall.json(TrackCall.messageId(), "paced", "Second " + i));
        }
        String firstBatch = first.append("]}").toString();
        String secondBatch = second.append("]}").toString();

        List<String> received = new CopyOnWriteArrayList<>();
        try (FastClientSuccess clientSuccess = FastClientSuccess.start()) {
            clientSuccess.onRequest((uri, body) -> received.add(body));
            Map<String, String> settings = new HashMap<>(Map.of("CLIENTSUCCESS_API_KEY", "key",
                    "CLIENTSUCCESS_PROJECT_ID", "proj", "CLIENTSUCCESS_BASE_URL", clientSuccess.baseUrl(),
                    "SEGMENT_WRITE_KEYS", "paced", "STATE_DIR", stateDir, "DELIVERY_MAX_RATE", "1000",
                    "INTAKE_MAX_BACKLOG", "20", "INTAKE_MAX_WAIT", "PT1S"));
            Map<String, String> routingStopped = new HashMap<>(settings);
            routingStopped.putAll(Map.of("PROCESSING_POLL_INTERVAL", "3600000", "PROCESSING_BATCH_SIZE", "1"));

            PackagedService stopped = new PackagedService("pacing-stopped", routingStopped).start();
            try {
                assertEquals(200, stopped.post("/v1/batch", "paced", firstBatch), "under the mark");
                Thread.sleep(100); // past the moment for which the gate keeps the backlog it read

                long start = System.nanoTime();
                HttpResponse<String> refused = stopped.send("/v1/batch", "paced", secondBatch);
                long waitedMillis = (System.nanoTime() - start) / 1_000_000;
                assertEquals(503, refused.statusCode(), refused.body());
                assertTrue(refused.headers().firstValue("Retry-After").isPresent(), "Retry-After");
                assertTrue(refused.body().contains("INTAKE_MAX_BACKLOG"), refused.body());
                assertTrue(waitedMillis >= 1000, "answered after " + waitedMillis + " ms, before INTAKE_MAX_WAIT");
            } finally {
                stopped.stop();
            }

            PackagedService running = new PackagedService("pacing-running", settings).start();
            try {
                UpgradeIT.awaitReceived(received, 59);
                HttpResponse<String> again = running.send("/v1/batch", "paced", secondBatch);
                assertEquals(200, again.statusCode(), again.body());
                assertFalse(again.body().contains("duplicates"), "the refused request was recorded: " + again.body());
                UpgradeIT.awaitReceived(received, 64);
                Thread.sleep(500);
                assertEquals(64, received.size(), "each event once");
            } finally {
                running.stop();
            }
        }
    }

    @Test
    void routingWaitsForADeliveryHeldBackHereButNotForASlowClientSuccess() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        try (FastClientSuccess clientSuccess = FastClientSuccess.start()) {
            clientSuccess.onRequest((uri, body) -> received.add(body));
            Map<String, String> settings = new HashMap<>(Map.of("CLIENTSUCCESS_API_KEY", "key",
                    "CLIENTSUCCESS_PROJECT_ID", "proj", "CLIENTSUCCESS_BASE_URL", clientSuccess.baseUrl(),
                    "SEGMENT_WRITE_KEYS", "bench", "DELIVERY_MAX_RATE", "100000", "PROCESSING_MAX_AHEAD", "20"));

            settings.put("STATE_DIR", Files.createTempDirectory(PackagedService.BUILD, "ahead").toString());
            PackagedService quick = new PackagedService("pacing-ahead-quick", settings).start();
            try {
                FastClientSuccess.groupUsers(quick, "ahead", 10);
                // Routing waits once delivery was held back for two whole seconds: batches go on
                // until it has, however fast this machine delivers (about 20 of them here).
                String paced = "segment_clientsuccess_routing_paced_total";
                int sent = 0;
                while (sent < 300 && (sent % 10 != 0 || metric(quick, paced) == 0)) {
                    assertEquals(200, quick.post("/v1/batch", "bench", tracks("ahead", sent++, 100)));
                }
                assertTrue(metric(quick, paced) > 0,
                        "ClientSuccess answered at once, and routing never waited for delivery");
                UpgradeIT.awaitReceived(received, sent * 100);
                Thread.sleep(500);
                assertEquals(sent * 100, received.size(), "each event once");
            } finally {
                quick.stop();
            }

            received.clear();
            clientSuccess.onRequest((uri, body) -> sleep(100));
            settings.putAll(Map.of("STATE_DIR", Files.createTempDirectory(PackagedService.BUILD, "ahead").toString(),
                    "DELIVERY_MAX_CONNECTIONS", "2"));
            PackagedService slow = new PackagedService("pacing-ahead-slow", settings).start();
            try {
                FastClientSuccess.groupUsers(slow, "ahead", 10);
                for (int request = 0; request < 3; request++) {
                    assertEquals(200, slow.post("/v1/batch", "bench", tracks("ahead", request, 100)));
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (metric(slow, "segment_clientsuccess_events_total{outcome=\"queued\",reason=\"\"}") < 300
                        && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertEquals(300, metric(slow, "segment_clientsuccess_events_total{outcome=\"queued\",reason=\"\"}"),
                        "all routed, far ahead of the 20 a second two connections deliver");
                assertTrue(received.size() < 280, received.size() + " delivered already: ClientSuccess was not slow");
                assertEquals(0, metric(slow, "segment_clientsuccess_routing_paced_total"));
            } finally {
                slow.stop();
            }
        }
    }

    /** {@code count} track events of the users {@code prefix-0} … {@code prefix-9}, as one batch. */
    static String tracks(String prefix, int request, int count) {
        StringBuilder batch = new StringBuilder("{\"batch\":[");
        for (int i = 0; i < count; i++) {
            batch.append(i == 0 ? "" : ",").append(TrackCall.json(TrackCall.messageId(), prefix + "-" + (i % 10),
                    "Request " + request));
        }
        return batch.append("]}").toString();
    }

    static double metric(PackagedService service, String name) throws Exception {
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(service.baseUrl()
                + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher value = Pattern.compile("(?m)^" + Pattern.quote(name) + " (\\S+)$").matcher(metrics);
        return value.find() ? Double.parseDouble(value.group(1)) : 0;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
