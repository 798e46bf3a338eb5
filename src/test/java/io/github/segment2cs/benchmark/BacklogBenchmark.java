package io.github.segment2cs.benchmark;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.MINUTES;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.segment2cs.support.OnPostgresql;
import io.github.segment2cs.support.FastClientSuccess;
import io.github.segment2cs.support.PackagedService;
import io.github.segment2cs.support.PostgresqlDatabase;
import io.github.segment2cs.support.TrackCall;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Information, not a pass/fail test (run with {@code ./mvnw -B verify -Pbenchmark}): whether the
 * stages keep their pace as the backlog grows. For a small and a large backlog, on H2 and, when
 * one is reachable, on PostgreSQL, the packaged application first accepts the backlog with
 * routing and delivery paused, then is restarted to route it alone, then to deliver it alone
 * (DELIVERY_MAX_RATE lifted), and each rate is printed. Then the large backlog once more, on top
 * of as many held events of users without a group: how fast those were held, and whether routing
 * and delivery keep their pace beside them.
 */
class BacklogBenchmark {

    static final int SMALL = Integer.getInteger("benchmark.backlog.small", 1_000);
    static final int LARGE = Integer.getInteger("benchmark.backlog.large", 100_000);
    static final int USERS = 100;
    static final int PER_BATCH = 250;
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String BARE_STAGES = PackagedService.BUILD.resolve(Path.of("test-classes", "benchmark", "bare-stages")).toString();
    /** Users without a group in the held-event stage: 100 events each of the large backlog, well under the cap. */
    static final int HELD_USERS = LARGE / 100;
    /** Messages per request to a bare route (the request size is capped at 8 MB). */
    static final int BARE_CHUNK = 5_000;

    FastClientSuccess clientSuccess;
    final List<String> lines = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        clientSuccess = FastClientSuccess.start();
    }

    @AfterEach
    void stop() {
        clientSuccess.close();
        lines.forEach(System.out::println);
    }

    /** The requests ClientSuccess receives from now on, and their pace from the first to the last. */
    static final class Arrivals {
        private final AtomicLong first = new AtomicLong();
        private final AtomicLong last = new AtomicLong();
        private final AtomicLong received = new AtomicLong();

        static Arrivals at(FastClientSuccess clientSuccess) {
            Arrivals arrivals = new Arrivals();
            clientSuccess.onRequest((uri, body) -> {
                long now = System.nanoTime();
                arrivals.first.compareAndSet(0, now);
                arrivals.last.set(now);
                arrivals.received.incrementAndGet();
            });
            return arrivals;
        }

        long count() {
            return received.get();
        }

        double perSecond() {
            return (received.get() - 1) / ((last.get() - first.get()) / 1e9);
        }
    }

    /** The rates of one backlog's stages (of the bare routes: the machine's limit for each stage). */
    record Rates(double routed, double delivered) {
    }

    /**
     * The same over each stage's second half alone, and its CPU per event: the first half warms
     * the freshly started JVM up (its compiler alone took about 40 % of a 30,000-event stage's CPU
     * in a profile), the second shows what a running service keeps up.
     */
    record Warm(Pace routing, Pace delivery) {
    }

    /** A stage's events per second, and the CPU the service used per event, in ms. */
    record Pace(double perSecond, double cpuMillis) {
    }

    final Map<Integer, Rates> bare = new HashMap<>();
    Warm bareWarm;

    @Test
    void stagesKeepTheirPaceAsTheBacklogGrows() throws Exception {
        lines.add("backlog benchmark: store, backlog, routed events/s, delivered requests/s (each stage alone), "
                + "start to ready ms (with that backlog); in brackets, the bare route's rate and the ratio");
        for (int backlog : new int[] { SMALL, LARGE }) {
            bare.put(backlog, measureBare(backlog));
        }
        Rates h2 = null;
        for (int backlog : new int[] { SMALL, LARGE }) {
            Path state = Files.createTempDirectory(PackagedService.BUILD, "backlog-state");
            h2 = measure("H2", backlog, Map.of("STATE_DIR", state.toString()));
        }
        Map<String, String> h2Held = Map.of("STATE_DIR",
                Files.createTempDirectory(PackagedService.BUILD, "backlog-state").toString());
        hold("H2", h2Held);
        besideHeld(measure("H2+held", LARGE, h2Held), h2);
        if (OnPostgresql.available() && !Boolean.getBoolean("benchmark.h2-only")) {
            Rates postgresql = null;
            for (int backlog : new int[] { SMALL, LARGE }) {
                String database = PostgresqlDatabase.create("s2cs_bench");
                try {
                    postgresql = measure("PostgreSQL", backlog, Map.of("STATE_JDBC_URL", OnPostgresql.SERVER + database));
                } finally {
                    PostgresqlDatabase.drop(database);
                }
            }
            String database = PostgresqlDatabase.create("s2cs_bench");
            try {
                Map<String, String> held = Map.of("STATE_JDBC_URL", OnPostgresql.SERVER + database);
                hold("PostgreSQL", held);
                besideHeld(measure("PG+held", LARGE, held), postgresql);
            } finally {
                PostgresqlDatabase.drop(database);
            }
        }
    }

    /**
     * The same packaged application on the bare stage routes (src/test/resources/benchmark/bare-stages):
     * routing parses each message and builds its event with no database; delivery posts each event to
     * the same fast ClientSuccess on the same threads and connections, with nothing recorded.
     */
    Rates measureBare(int backlog) throws Exception {
        Mark routedHalf = new Mark();
        Mark deliveredHalf = new Mark();
        // At least two requests, so that one starts at the half: the second half's pace needs that mark.
        int chunk = Math.max(1, Math.min(BARE_CHUNK, backlog / 2));
        Map<String, String> environment = Map.of("ROUTES_DIR", BARE_STAGES, "STATE_DIR",
                Files.createTempDirectory(PackagedService.BUILD, "bare-state").toString(), "CLIENTSUCCESS_API_KEY", "key",
                "CLIENTSUCCESS_PROJECT_ID", "proj", "CLIENTSUCCESS_BASE_URL", clientSuccess.baseUrl());
        PackagedService service = new PackagedService("backlog-bare-" + backlog, environment).start();
        try {
            long cpuAtReady = service.cpuMillis();
            long started = System.nanoTime();
            for (int sent = 0; sent < backlog; sent += chunk) {
                routedHalf.at(sent >= backlog / 2, service, backlog - sent);
                assertEquals(200, service.post("/bare/route", "bench", trackEvents(Math.min(chunk, backlog - sent))));
            }
            double routed = backlog / ((System.nanoTime() - started) / 1e9);
            long cpuAfterRouting = service.cpuMillis();
            Pace warmRouted = routedHalf.pace(service);
            Arrivals arrivals = Arrivals.at(clientSuccess);
            for (int sent = 0; sent < backlog; sent += chunk) {
                deliveredHalf.at(sent >= backlog / 2, service, backlog - sent);
                assertEquals(200, service.post("/bare/deliver", "bench", usageEvents(Math.min(chunk, backlog - sent))));
            }
            assertEquals(backlog, arrivals.count());
            double delivered = arrivals.perSecond();
            Pace warmDelivered = deliveredHalf.pace(service);
            lines.add(String.format("backlog benchmark: %-10s %7d %9.0f %9.0f %8d CPU per event: routing %.3f ms, "
                    + "delivery %.3f ms", "bare route", backlog, routed, delivered, service.startupMillis(),
                    (double) (cpuAfterRouting - cpuAtReady) / backlog, (double) (service.cpuMillis() - cpuAfterRouting)
                            / backlog));
            if (backlog == LARGE) {
                bareWarm = new Warm(warmRouted, warmDelivered);
                lines.add(warmLine("bare route", backlog, bareWarm, null));
            }
            return new Rates(routed, delivered);
        } finally {
            service.stop();
            clientSuccess.clearListeners();
        }
    }

    static String trackEvents(int count) {
        StringBuilder events = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            events.append(i == 0 ? "" : ",").append(TrackCall.json(TrackCall.messageId(), "backlog-" + (i % USERS),
                    "Backlog " + (i % 10)));
        }
        return events.append(']').toString();
    }

    static String usageEvents(int count) {
        StringBuilder events = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            events.append(i == 0 ? "" : ",").append("{\"identity\":{\"id\":\"backlog-").append(i % USERS)
                    .append("\",\"organization\":{\"id\":\"g\"}},\"value\":1,\"timestamp\":\"2024-01-01T00:00:00Z\"}");
        }
        return events.append(']').toString();
    }

    Map<String, String> environment(Map<String, String> stateSettings) {
        Map<String, String> environment = new HashMap<>(stateSettings);
        environment.putAll(Map.of("CLIENTSUCCESS_API_KEY", "key", "CLIENTSUCCESS_PROJECT_ID", "proj",
                "CLIENTSUCCESS_BASE_URL", clientSuccess.baseUrl(), "SEGMENT_WRITE_KEYS", "bench", "OPS_TOKEN", "ops",
                "DELIVERY_MAX_RATE", "100000"));
        return environment;
    }

    /**
     * The same settings with routing and delivery all but paused (one message per hour), and
     * acceptance not paced to routing (BacklogGate), so that the backlog can be accepted.
     */
    static Map<String, String> paused(Map<String, String> environment) {
        Map<String, String> paused = routingOnly(environment);
        paused.putAll(Map.of("PROCESSING_POLL_INTERVAL", "3600000", "PROCESSING_BATCH_SIZE", "1",
                "INTAKE_MAX_BACKLOG", "0"));
        return paused;
    }

    static Map<String, String> routingOnly(Map<String, String> environment) {
        Map<String, String> routingOnly = new HashMap<>(environment);
        routingOnly.putAll(Map.of("DELIVERY_POLL_INTERVAL", "3600000", "DELIVERY_BATCH_SIZE", "1"));
        return routingOnly;
    }

    /**
     * Puts {@link #LARGE} held events in the store: accepted with routing paused, {@link #HELD_USERS}
     * users without a group, then routed alone (which holds them all); prints that pace.
     */
    void hold(String store, Map<String, String> stateSettings) throws Exception {
        Map<String, String> environment = environment(stateSettings);
        String name = "backlog-" + store + "-held";
        PackagedService accepting = new PackagedService(name + "-accept", paused(environment)).start();
        try {
            send(accepting, LARGE, "held", HELD_USERS);
        } finally {
            accepting.stop();
        }
        PackagedService routing = new PackagedService(name + "-route", routingOnly(environment)).start();
        try {
            Routed held = route(routing);
            long heldEvents = stats(routing).path("held").asLong();
            lines.add(String.format("backlog benchmark: %-10s %7d held, %d users without a group: routed into the "
                    + "hold-back at %.0f events/s, CPU per event %.3f ms", store, heldEvents, HELD_USERS, held.perSecond(),
                    held.cpuMillis()));
        } finally {
            routing.stop();
        }
    }

    void besideHeld(Rates held, Rates without) {
        lines.add(String.format("backlog benchmark: with %d events held, routing kept %.1f %% and delivery %.1f %% of "
                + "their pace without them (the lines above)", LARGE, 100 * held.routed() / without.routed(),
                100 * held.delivered() / without.delivered()));
    }

    /**
     * How fast a routing-only instance emptied the inbox, from the first message routed to the last,
     * and over the second half alone.
     */
    record Routed(long messages, double perSecond, double cpuMillis, Pace secondHalf) {
    }

    static Routed route(PackagedService routing) throws Exception {
        long cpuAtReady = routing.cpuMillis();
        long waiting = stats(routing).path("awaitingRouting").asLong();
        long[] firstRouted = { 0 };
        Mark half = drain(routing, "awaitingRouting", waiting, left -> {
            if (firstRouted[0] == 0 && left < waiting) {
                firstRouted[0] = System.nanoTime();
            }
        });
        return new Routed(waiting, waiting / ((System.nanoTime() - firstRouted[0]) / 1e9),
                (double) (routing.cpuMillis() - cpuAtReady) / waiting, half.pace(routing));
    }

    /** Reads the counter until it is 0, passing each reading on; marks when half of it is left. */
    static Mark drain(PackagedService service, String counter, long from, LongConsumer reading) {
        Mark half = new Mark();
        await().atMost(30, MINUTES).pollInterval(statsInterval(from), MILLISECONDS).until(() -> {
            long left = stats(service).path(counter).asLong();
            reading.accept(left);
            half.at(left <= from / 2, service, left);
            return left == 0;
        });
        return half;
    }

    /** The moment a stage passed its half: the time, the CPU the service had used, the events left. */
    static final class Mark {
        private long nanos;
        private long cpuMillis;
        private long left;

        /** Marks now, the first time {@code passed} holds. */
        void at(boolean passed, PackagedService service, long left) {
            if (passed && nanos == 0) {
                this.nanos = System.nanoTime();
                this.cpuMillis = service.cpuMillis();
                this.left = left;
            }
        }

        /** From the mark to now. */
        Pace pace(PackagedService service) {
            return new Pace(left / ((System.nanoTime() - nanos) / 1e9), (double) (service.cpuMillis() - cpuMillis) / left);
        }
    }

    /** A stage's second half, beside the bare route's ({@code bare} null: it is the bare route's). */
    static String warmLine(String store, int backlog, Warm warm, Warm bare) {
        String ratios = bare == null ? "" : String.format(" [bare: %.0f routed %.1f %%, %.0f delivered %.1f %%]",
                bare.routing().perSecond(), 100 * warm.routing().perSecond() / bare.routing().perSecond(),
                bare.delivery().perSecond(), 100 * warm.delivery().perSecond() / bare.delivery().perSecond());
        return String.format("backlog benchmark: %-10s %7d its second half (the first warms the JVM up): routed "
                + "%.0f/s, delivered %.0f/s%s CPU per event: routing %.3f ms, delivery %.3f ms", store, backlog,
                warm.routing().perSecond(), warm.delivery().perSecond(), ratios, warm.routing().cpuMillis(),
                warm.delivery().cpuMillis());
    }

    Rates measure(String store, int backlog, Map<String, String> stateSettings) throws Exception {
        Map<String, String> environment = environment(stateSettings);
        String name = "backlog-" + store + "-" + backlog;

        // 1. Accept the backlog with routing and delivery all but paused.
        PackagedService accepting = new PackagedService(name + "-accept", paused(environment)).start();
        try {
            fill(accepting, backlog);
        } finally {
            accepting.stop();
        }

        // 2. Route it, delivery still paused.
        PackagedService routing = new PackagedService(name + "-route", routingOnly(environment)).start();
        Routed routed;
        try {
            routed = route(routing);
        } finally {
            routing.stop();
        }
        long waiting = routed.messages();
        double routedPerSecond = routed.perSecond();
        double routingCpu = routed.cpuMillis();
        Pace warmRouted = routed.secondHalf();

        // 3. Deliver the due backlog: from the first request ClientSuccess received to the last.
        Arrivals arrivals = Arrivals.at(clientSuccess);
        PackagedService delivering = new PackagedService(name + "-deliver", environment).start();
        try {
            long cpuAtReady = delivering.cpuMillis();
            long due = stats(delivering).path("awaitingDelivery").asLong();
            Pace warmDelivered = drain(delivering, "awaitingDelivery", due, left -> { }).pace(delivering);
            double deliveredPerSecond = arrivals.perSecond();
            double deliveryCpu = (double) (delivering.cpuMillis() - cpuAtReady) / due;
            Rates baseline = bare.get(backlog);
            lines.add(String.format("backlog benchmark: %-10s %7d %9.0f %9.0f %8d (%d routed, %d delivered) "
                    + "[bare: %.0f routed %.1f %%, %.0f delivered %.1f %%] CPU per event: routing %.3f ms, "
                    + "delivery %.3f ms", store, backlog, routedPerSecond, deliveredPerSecond,
                    delivering.startupMillis(), waiting, due, baseline.routed(), 100 * routedPerSecond / baseline.routed(),
                    baseline.delivered(), 100 * deliveredPerSecond / baseline.delivered(), routingCpu, deliveryCpu));
            if (backlog == LARGE) {
                lines.add(warmLine(store, backlog, new Warm(warmRouted, warmDelivered), bareWarm));
            }
            return new Rates(routedPerSecond, deliveredPerSecond);
        } finally {
            delivering.stop();
            clientSuccess.clearListeners();
        }
    }

    /** A group call for every user, then the track events in batches from four senders. */
    static void fill(PackagedService service, int events) throws Exception {
        FastClientSuccess.groupUsers(service, "backlog", USERS);
        send(service, events, "backlog", USERS);
    }

    /** {@code events} track events of {@code users} users named {@code prefix-<n>}, in batches from four senders. */
    static void send(PackagedService service, int events, String prefix, int users) throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int b = 0; b * PER_BATCH < events; b++) {
                StringBuilder batch = new StringBuilder("{\"batch\":[");
                for (int i = 0; i < PER_BATCH && b * PER_BATCH + i < events; i++) {
                    batch.append(i == 0 ? "" : ",").append(TrackCall.json(TrackCall.messageId(),
                            prefix + "-" + (b * PER_BATCH + i) % users, "Backlog " + (i % 10)));
                }
                String body = batch.append("]}").toString();
                answers.add(senders.submit(() -> service.post("/v1/batch", "bench", body)));
            }
            for (Future<Integer> answer : answers) {
                assertEquals(200, answer.get());
            }
        } finally {
            senders.shutdown();
        }
    }

    /**
     * How often a stage's progress is read: on PostgreSQL /ops/stats counts the inbox and the outbox
     * row by row, so long stages are read every half second (at most 2 % of their length).
     */
    static long statsInterval(long backlog) {
        return backlog >= 10_000 ? 500 : 50;
    }

    static JsonNode stats(PackagedService service) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(service.baseUrl() + "/ops/stats"))
                .header("Authorization", "Bearer ops").timeout(java.time.Duration.ofSeconds(30)).GET().build();
        return JSON.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }
}
