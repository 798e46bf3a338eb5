package io.github.segment2cs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.segment2cs.support.FastClientSuccess;
import io.github.segment2cs.support.PackagedService;
import io.github.segment2cs.support.TrackCall;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Acceptance paced to routing (INTAKE_MAX_BACKLOG, INTAKE_MAX_WAIT), on the packaged application:
 * with routing stopped and the backlog at the mark, a request waits, then gets a 503 with
 * Retry-After, and nothing of it is recorded; sent again once routing runs, it is accepted, and
 * every event reaches ClientSuccess once.
 */
class PacingIT {

    @Test
    void aRequestOverTheMarkIsRefusedUnrecordedAndAcceptedWhenSentAgainOnceRoutingRuns() throws Exception {
        String stateDir = Files.createTempDirectory(PackagedService.BUILD, "pacing").toAbsolutePath().toString();
        StringBuilder first = new StringBuilder("{\"batch\":[{\"type\":\"group\",\"userId\":\"paced\","
                + "\"groupId\":\"g-paced\",\"traits\":{\"name\":\"Paced Co\"}}");
        for (int i = 0; i < 29; i++) {
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
                UpgradeIT.awaitReceived(received, 29);
                HttpResponse<String> again = running.send("/v1/batch", "paced", secondBatch);
                assertEquals(200, again.statusCode(), again.body());
                assertFalse(again.body().contains("duplicates"), "the refused request was recorded: " + again.body());
                UpgradeIT.awaitReceived(received, 34);
                Thread.sleep(500);
                assertEquals(34, received.size(), "each event once");
            } finally {
                running.stop();
            }
        }
    }
}
