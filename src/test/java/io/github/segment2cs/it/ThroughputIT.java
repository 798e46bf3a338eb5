package io.github.segment2cs.it;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.segment2cs.support.FastClientSuccess;
import io.github.segment2cs.support.PackagedService;
import io.github.segment2cs.support.TrackCall;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A benchmark, not a timed test: streams batches at the packaged application with the rate limit
 * lifted and prints how fast events are accepted and delivered, and the process's peak memory.
 * It asserts only that every event arrived.
 */
class ThroughputIT {

    static final int USERS = 100;
    /** 40 batches in the test suite; more with -Dthroughput.batches=N, to measure past the JVM's warm-up. */
    static final int BATCHES = Integer.getInteger("throughput.batches", 40);
    static final int PER_BATCH = 250;
    static final int SENDERS = 4;

    @Test
    void printsAcceptAndDeliveryRates() throws Exception {
        FastClientSuccess clientSuccess = FastClientSuccess.start();
        AtomicInteger received = new AtomicInteger();
        clientSuccess.onRequest((uri, body) -> received.incrementAndGet());
        Path state = Files.createTempDirectory(PackagedService.BUILD, "bench-state");
        PackagedService service = new PackagedService("bench-" + state.getFileName(), Map.of(
                "CLIENTSUCCESS_API_KEY", "key", "CLIENTSUCCESS_PROJECT_ID", "proj",
                "CLIENTSUCCESS_BASE_URL", clientSuccess.baseUrl(), "SEGMENT_WRITE_KEYS", "bench",
                "STATE_DIR", state.toString(), "DELIVERY_MAX_RATE", "100000", "DELIVERY_BATCH_SIZE", "500"));
        try {
            service.start();
            StringBuilder groups = new StringBuilder("{\"batch\":[");
            for (int u = 0; u < USERS; u++) {
                groups.append(u == 0 ? "" : ",").append("{\"type\":\"group\",\"userId\":\"bench-").append(u)
                        .append("\",\"groupId\":\"g-bench\",\"traits\":{\"name\":\"Bench\"}}");
            }
            assertEquals(200, service.post("/v1/batch", "bench", groups.append("]}").toString()));

            ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
            long started = System.nanoTime();
            List<Future<Integer>> answers = new ArrayList<>();
            for (int b = 0; b < BATCHES; b++) {
                String body = batch();
                answers.add(senders.submit(() -> service.post("/v1/batch", "bench", body)));
            }
            for (Future<Integer> answer : answers) {
                assertEquals(200, answer.get());
            }
            double acceptSeconds = (System.nanoTime() - started) / 1e9;
            senders.shutdown();
            int events = BATCHES * PER_BATCH;
            await().atMost(300, SECONDS).pollInterval(200, java.util.concurrent.TimeUnit.MILLISECONDS)
                    .until(() -> received.get() >= events);
            double deliverSeconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("benchmark: %d events in %d batches of %d from %d senders%n", events, BATCHES,
                    PER_BATCH, SENDERS);
            System.out.printf("benchmark: accepted (200, durably recorded) in %.2f s = %.0f events/s%n",
                    acceptSeconds, events / acceptSeconds);
            System.out.printf("benchmark: delivered to the mock in %.2f s = %.0f events/s end to end%n",
                    deliverSeconds, events / deliverSeconds);
            System.out.printf("benchmark: service peak resident memory %s%n", service.peakResidentMemory());
            assertEquals(events, received.get());
        } finally {
            service.stop();
            clientSuccess.close();
        }
    }

    static String batch() {
        StringBuilder batch = new StringBuilder("{\"batch\":[");
        for (int i = 0; i < PER_BATCH; i++) {
            batch.append(i == 0 ? "" : ",").append(TrackCall.json(TrackCall.messageId(), "bench-" + (i % USERS),
                    "Bench " + (i % 10)));
        }
        return batch.append("]}").toString();
    }
}
