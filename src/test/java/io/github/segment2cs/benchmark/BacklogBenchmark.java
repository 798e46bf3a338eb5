package io.github.segment2cs.benchmark;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.segment2cs.support.OnPostgresql;
import io.github.segment2cs.support.PackagedService;
import io.github.segment2cs.support.PostgresqlDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Information, not a pass/fail test (run with {@code ./mvnw -B verify -Pbenchmark}): whether the
 * stages keep their pace as the backlog grows. For a small and a large backlog, on H2 and, when
 * one is reachable, on PostgreSQL, it prints how fast the packaged application routes what it
 * accepted, and how fast it drains due deliveries that piled up while delivery was held back
 * (DELIVERY_MAX_RATE=1, one at a time, then restarted with the defaults and the limit lifted).
 */
class BacklogBenchmark {

    static final int SMALL = Integer.getInteger("benchmark.backlog.small", 1_000);
    static final int LARGE = Integer.getInteger("benchmark.backlog.large", 20_000);
    static final int USERS = 100;
    static final int PER_BATCH = 250;
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    WireMockServer clientSuccess;
    final List<String> lines = new ArrayList<>();

    @BeforeEach
    void start() {
        clientSuccess = new WireMockServer(options().dynamicPort().containerThreads(50).disableRequestJournal());
        clientSuccess.start();
        clientSuccess.stubFor(post(urlPathMatching("/collector/.*")).willReturn(okJson("{\"created\":true}")));
    }

    @AfterEach
    void stop() {
        clientSuccess.stop();
        lines.forEach(System.out::println);
    }

    @Test
    void stagesKeepTheirPaceAsTheBacklogGrows() throws Exception {
        lines.add("backlog benchmark: store, backlog, routed events/s, drained deliveries/s");
        for (int backlog : new int[] { SMALL, LARGE }) {
            Path state = Files.createTempDirectory(Path.of("target"), "backlog-state");
            measure("H2", backlog, Map.of("STATE_DIR", state.toString()));
        }
        if (OnPostgresql.available()) {
            for (int backlog : new int[] { SMALL, LARGE }) {
                String database = PostgresqlDatabase.create("s2cs_bench");
                try {
                    measure("PostgreSQL", backlog, Map.of("STATE_JDBC_URL", OnPostgresql.SERVER + database));
                } finally {
                    PostgresqlDatabase.drop(database);
                }
            }
        }
    }

    void measure(String store, int backlog, Map<String, String> stateSettings) throws Exception {
        Map<String, String> environment = new HashMap<>(stateSettings);
        environment.putAll(Map.of("CLIENTSUCCESS_API_KEY", "key", "CLIENTSUCCESS_PROJECT_ID", "proj",
                "CLIENTSUCCESS_BASE_URL", clientSuccess.baseUrl(), "SEGMENT_WRITE_KEYS", "bench", "OPS_TOKEN", "ops",
                "DELIVERY_MAX_RATE", "1", "DELIVERY_BATCH_SIZE", "1"));
        String name = "backlog-" + store + "-" + backlog;
        PackagedService filling = new PackagedService(name + "-fill", environment).start();
        double routedPerSecond;
        try {
            long started = System.nanoTime();
            fill(filling, backlog);
            await().atMost(30, java.util.concurrent.TimeUnit.MINUTES).pollInterval(100, MILLISECONDS)
                    .until(() -> stats(filling).path("awaitingRouting").asLong() == 0);
            routedPerSecond = backlog / ((System.nanoTime() - started) / 1e9);
        } finally {
            filling.stop();
        }

        environment.put("DELIVERY_MAX_RATE", "100000");
        environment.remove("DELIVERY_BATCH_SIZE");
        PackagedService draining = new PackagedService(name + "-drain", environment).start();
        try {
            long due = stats(draining).path("awaitingDelivery").asLong();
            long started = System.nanoTime();
            await().atMost(30, java.util.concurrent.TimeUnit.MINUTES).pollInterval(100, MILLISECONDS)
                    .until(() -> stats(draining).path("awaitingDelivery").asLong() == 0);
            double drainedPerSecond = due / ((System.nanoTime() - started) / 1e9);
            lines.add(String.format("backlog benchmark: %-10s %7d %9.0f %9.0f (%d due at restart)", store, backlog,
                    routedPerSecond, drainedPerSecond, due));
        } finally {
            draining.stop();
        }
    }

    /** A group call for every user, then the track events in batches from four senders. */
    static void fill(PackagedService service, int events) throws Exception {
        StringBuilder groups = new StringBuilder("{\"batch\":[");
        for (int u = 0; u < USERS; u++) {
            groups.append(u == 0 ? "" : ",").append("{\"type\":\"group\",\"userId\":\"backlog-").append(u)
                    .append("\",\"groupId\":\"g-backlog\",\"traits\":{\"name\":\"Backlog\"}}");
        }
        assertEquals(200, send(service, groups.append("]}").toString()));
        ExecutorService senders = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int b = 0; b * PER_BATCH < events; b++) {
                StringBuilder batch = new StringBuilder("{\"batch\":[");
                for (int i = 0; i < PER_BATCH && b * PER_BATCH + i < events; i++) {
                    batch.append(i == 0 ? "" : ",").append("{\"type\":\"track\",\"messageId\":\"backlog-").append(b)
                            .append('-').append(i).append("\",\"userId\":\"backlog-").append(i % USERS)
                            .append("\",\"event\":\"Backlog ").append(i % 10).append("\"}");
                }
                String body = batch.append("]}").toString();
                answers.add(senders.submit(() -> send(service, body)));
            }
            for (Future<Integer> answer : answers) {
                assertEquals(200, answer.get());
            }
        } finally {
            senders.shutdown();
        }
    }

    static int send(PackagedService service, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(service.baseUrl() + "/v1/batch"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic "
                        + Base64.getEncoder().encodeToString("bench:".getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    static JsonNode stats(PackagedService service) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(service.baseUrl() + "/ops/stats"))
                .header("Authorization", "Bearer ops").timeout(java.time.Duration.ofSeconds(30)).GET().build();
        return JSON.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }
}
