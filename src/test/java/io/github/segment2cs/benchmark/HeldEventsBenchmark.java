package io.github.segment2cs.benchmark;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.MINUTES;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.segment2cs.support.FastClientSuccess;
import io.github.segment2cs.support.PackagedService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Information, not a pass/fail test (run with {@code ./mvnw -B verify -Pbenchmark}): one chatty
 * user without a group sends {@value #EVENTS} track events of about 30 KB each (Segment's limit is
 * 32 KB), all held, then is grouped and released. Meanwhile a grouped user sends an event every
 * 200 ms. Prints the pace of holding and of releasing, the growth of the service's peak resident
 * memory, and how long the other user's events took to reach ClientSuccess at worst.
 */
class HeldEventsBenchmark {

    static final int EVENTS = 1_000;
    static final int PER_BATCH = 14;
    static final String PADDING = "x".repeat(30_000);

    @Test
    void oneChattyUserWithoutAGroupHoldsUpNoOne() throws Exception {
        FastClientSuccess clientSuccess = FastClientSuccess.start();
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        AtomicLong worstDelay = new AtomicLong();
        AtomicInteger released = new AtomicInteger();
        clientSuccess.onRequest((uri, body) -> {
            if (body.contains("\"chatty\"")) {
                released.incrementAndGet();
            }
            // The event name is the last path segment of the request.
            sentAt.entrySet().removeIf(sent -> {
                boolean arrived = uri.contains(sent.getKey());
                if (arrived) {
                    worstDelay.accumulateAndGet(System.nanoTime() - sent.getValue(), Math::max);
                }
                return arrived;
            });
        });
        Path state = Files.createTempDirectory(PackagedService.BUILD, "held-state");
        PackagedService service = new PackagedService("held-benchmark", Map.of("CLIENTSUCCESS_API_KEY", "key",
                "CLIENTSUCCESS_PROJECT_ID", "proj", "CLIENTSUCCESS_BASE_URL", clientSuccess.baseUrl(),
                "SEGMENT_WRITE_KEYS", "bench", "OPS_TOKEN", "ops", "STATE_DIR", state.toString(),
                "DELIVERY_MAX_RATE", "100000"));
        ScheduledExecutorService other = Executors.newSingleThreadScheduledExecutor();
        try {
            service.start();
            assertEquals(200, service.post("/v1/group", "bench",
                    "{\"userId\":\"other\",\"groupId\":\"g-other\",\"traits\":{\"name\":\"Other\"}}"));
            AtomicInteger sequence = new AtomicInteger();
            other.scheduleAtFixedRate(() -> {
                String event = "Other-" + sequence.incrementAndGet();
                sentAt.put("/" + event + "?", System.nanoTime());
                try {
                    service.post("/v1/track", "bench", "{\"userId\":\"other\",\"event\":\"" + event + "\"}");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, 0, 200, MILLISECONDS);
            long residentBefore = kilobytes(service.peakResidentMemory());

            long holding = System.nanoTime();
            for (int sent = 0; sent < EVENTS; sent += PER_BATCH) {
                StringBuilder batch = new StringBuilder("{\"batch\":[");
                for (int i = sent; i < Math.min(EVENTS, sent + PER_BATCH); i++) {
                    batch.append(i == sent ? "" : ",").append("{\"type\":\"track\",\"userId\":\"chatty\",\"event\":")
                            .append("\"Chatty ").append(i).append("\",\"properties\":{\"padding\":\"").append(PADDING)
                            .append("\"}}");
                }
                assertEquals(200, service.post("/v1/batch", "bench", batch.append("]}").toString()));
            }
            await().atMost(10, MINUTES).pollInterval(100, MILLISECONDS)
                    .until(() -> BacklogBenchmark.stats(service).path("held").asLong() == EVENTS);
            double holdSeconds = (System.nanoTime() - holding) / 1e9;

            long releasing = System.nanoTime();
            assertEquals(200, service.post("/v1/group", "bench",
                    "{\"userId\":\"chatty\",\"groupId\":\"g-chatty\",\"traits\":{\"name\":\"Chatty\"}}"));
            await().atMost(10, MINUTES).pollInterval(100, MILLISECONDS).until(() -> released.get() >= EVENTS);
            double releaseSeconds = (System.nanoTime() - releasing) / 1e9;
            other.shutdown();

            System.out.printf("held benchmark: %d events of 30 KB for one user without a group: held in %.1f s "
                    + "(%.0f/s), released and delivered in %.1f s (%.0f/s)%n", EVENTS, holdSeconds, EVENTS / holdSeconds,
                    releaseSeconds, EVENTS / releaseSeconds);
            await().atMost(30, java.util.concurrent.TimeUnit.SECONDS).until(sentAt::isEmpty);
            System.out.printf("held benchmark: peak resident memory %d MB before, %d MB after (+%d MB); another "
                    + "user's %d events reached ClientSuccess within %.2f s at worst%n", residentBefore / 1024,
                    kilobytes(service.peakResidentMemory()) / 1024,
                    (kilobytes(service.peakResidentMemory()) - residentBefore) / 1024, sequence.get(),
                    worstDelay.get() / 1e9);
        } finally {
            other.shutdownNow();
            service.stop();
            clientSuccess.close();
        }
    }

    static long kilobytes(String resident) {
        return Long.parseLong(resident.replace("kB", "").trim());
    }
}
