package io.github.segment2cs.benchmark;

import io.github.segment2cs.support.OnPostgresql;
import io.github.segment2cs.support.FastClientSuccess;
import io.github.segment2cs.support.JvmTimes;
import io.github.segment2cs.support.PackagedService;
import io.github.segment2cs.support.PostgresqlDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Information, not a pass/fail test (run with {@code ./mvnw -B verify -Pbenchmark}): how fast the
 * packaged application accepts events, against a bare Camel Quarkus route on the same machine in
 * the same run. Load comes from {@code wrk -t2 -c16} (not installed: the figures are skipped),
 * with new messageIds in every request: 100-message batches to {@code /v1/batch}, 100-message
 * Webhooks (Actions) arrays to {@code /segment}, then single calls to {@code /v1/track}, each on a
 * freshly started instance with DELIVERY_MAX_RATE lifted and acceptance not paced to routing
 * (INTAKE_MAX_BACKLOG=0), 60 s of warm-up and then 15 s measured ({@code -Dbenchmark.ingest.warm-up}, {@code
 * -Dbenchmark.ingest.seconds}). The warm-up is long because the JIT compilers of a freshly started
 * service still took a seventh to a third of the CPU 20 to 35 s into a load (async-profiler); each
 * line of the service ends with what its JVM spent compiling and collecting over the measured
 * seconds ({@link JvmTimes}), so a reader sees how warm it was. During the batch
 * run it also counts what reached the ClientSuccess stand-in: the end-to-end rate under that load.
 * Then the batches once more with acceptance paced as by default: what is accepted and delivered
 * under a load faster than the service, and how the backlogs changed.
 * The bare route is the same packaged application with ROUTES_DIR pointing at
 * {@code src/test/resources/benchmark/bare-routes}: it parses each request's JSON and answers 200.
 */
class IngestBenchmark {

    static final int SECONDS = Integer.getInteger("benchmark.ingest.seconds", 15);
    static final int WARM_UP_SECONDS = Integer.getInteger("benchmark.ingest.warm-up", 60);
    static final int BATCH = 100;
    /** What one run sends: {@code messages} per request (0: single calls) to {@code path}. */
    record Mode(String label, int messages, String path) {
    }

    static final List<Mode> MODES = List.of(new Mode("batches of " + BATCH, BATCH, "/v1/batch"),
            new Mode("arrays of " + BATCH, BATCH, "/segment"), new Mode("single calls", 0, "/v1/track"));
    static final int USERS = 100;
    static final String OPS_TOKEN = "bench";
    static final Path SCRIPT = PackagedService.BUILD.resolve(Path.of("test-classes", "benchmark", "load.lua"));
    static final String BARE_ROUTES = PackagedService.BUILD.resolve(Path.of("test-classes", "benchmark", "bare-routes"))
            .toString();
    static final Pattern RESULT = Pattern.compile(
            "RESULT requests=(\\d+) duration_us=(\\d+) p50_us=(\\d+) p99_us=(\\d+) non2xx=(\\d+) errors=(\\d+)");

    FastClientSuccess clientSuccess;
    final AtomicLong received = new AtomicLong();
    final List<String> lines = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        clientSuccess = FastClientSuccess.start();
        clientSuccess.onRequest((uri, body) -> received.incrementAndGet());
    }

    @AfterEach
    void stop() {
        clientSuccess.close();
        lines.forEach(System.out::println);
    }

    /** What one wrk run measured. */
    record Load(long requests, double seconds, double p50Millis, double p99Millis, long non2xx, long errors) {

        double perSecond() {
            return requests / seconds;
        }
    }

    @Test
    void printsIngestRatesBesideABareRoute() throws Exception {
        if (!wrkInstalled()) {
            lines.add("ingest benchmark: skipped, wrk is not installed (apt-get install wrk)");
            return;
        }
        lines.add(String.format("ingest benchmark: wrk -t2 -c16, %d s measured after %d s of warm-up", SECONDS,
                WARM_UP_SECONDS));
        lines.add("ingest benchmark: store, load, this service | bare route | ratio of the rates");
        Map<String, Load> bare = new HashMap<>();
        for (Mode mode : MODES) {
            PackagedService service = new PackagedService("ingest-bare-" + mode.messages(), environment(
                    Map.of("ROUTES_DIR", BARE_ROUTES, "STATE_DIR", tempDir().toString())));
            service.start();
            try {
                bare.put(mode.label(), load(service, mode, "bare"));
            } finally {
                service.stop();
            }
        }
        measure("H2", Map.of("STATE_DIR", tempDir().toString()), bare);
        measurePaced("H2", Map.of("STATE_DIR", tempDir().toString()), true);
        measurePaced("H2", Map.of("STATE_DIR", tempDir().toString()), false);
        if (OnPostgresql.available() && !Boolean.getBoolean("benchmark.h2-only")) {
            String database = PostgresqlDatabase.create("s2cs_bench");
            try {
                measure("PostgreSQL", Map.of("STATE_JDBC_URL", OnPostgresql.SERVER + database), bare);
            } finally {
                PostgresqlDatabase.drop(database);
            }
            for (boolean routingPaced : new boolean[] { true, false }) {
                database = PostgresqlDatabase.create("s2cs_bench");
                try {
                    measurePaced("PostgreSQL", Map.of("STATE_JDBC_URL", OnPostgresql.SERVER + database), routingPaced);
                } finally {
                    PostgresqlDatabase.drop(database);
                }
            }
        }
    }

    void measure(String store, Map<String, String> state, Map<String, Load> bare) throws Exception {
        for (Mode mode : MODES) {
            int batch = mode.messages();
            Map<String, String> settings = new HashMap<>(state);
            if (settings.containsKey("STATE_DIR")) {
                settings.put("STATE_DIR", tempDir().toString());
            }
            PackagedService service = new PackagedService("ingest-" + store + "-" + mode.path().substring(1)
                    .replace('/', '-'), environment(settings));
            service.start();
            try {
                FastClientSuccess.groupUsers(service, "bench", USERS);
                load(service, mode, store + "-warm");
                Optional<JvmTimes> jvmBefore = service.jvmTimes();
                long deliveredBefore = received.get();
                Load load = load(service, mode, store);
                double delivered = (received.get() - deliveredBefore) / load.seconds();
                String jvmSpent = jvmSpent(jvmBefore, service.jvmTimes());
                Load baseline = bare.get(mode.label());
                int perRequest = Math.max(batch, 1);
                lines.add(String.format("ingest benchmark: %-11s %-17s %,9.0f %s/s p99 %6.1f ms | %,9.0f p99 %6.1f ms | "
                        + "%5.1f %%", store, mode.label(), load.perSecond() * perRequest, batch > 0 ? "events" : "calls",
                        load.p99Millis(), baseline.perSecond() * perRequest, baseline.p99Millis(),
                        100.0 * load.perSecond() / baseline.perSecond()));
                if (load.non2xx() + load.errors() > 0) {
                    lines.add(String.format("ingest benchmark: %-11s %-17s %d non-2xx answers, %d socket errors",
                            store, mode.label(), load.non2xx(), load.errors()));
                }
                lines.add(String.format("ingest benchmark: %-11s %-17s %,9.0f events/s delivered meanwhile "
                        + "(end to end, under that load); peak RSS %s%s", store, mode.label(), delivered,
                        service.peakResidentMemory(), jvmSpent));
            } finally {
                service.stop();
            }
        }
    }

    Map<String, String> environment(Map<String, String> settings) {
        Map<String, String> environment = new HashMap<>(settings);
        environment.putAll(Map.of("CLIENTSUCCESS_API_KEY", "key", "CLIENTSUCCESS_PROJECT_ID", "proj",
                "CLIENTSUCCESS_BASE_URL", clientSuccess.baseUrl(), "SEGMENT_WRITE_KEYS", "bench",
                "DELIVERY_MAX_RATE", "100000", "INTAKE_MAX_BACKLOG", "0", "OPS_TOKEN", OPS_TOKEN));
        return environment;
    }

    /**
     * Batches again, with acceptance paced to routing as the service is run by default
     * (INTAKE_MAX_BACKLOG, BacklogGate): what it accepts and delivers under a load faster than it,
     * and how its backlogs changed over the measured seconds. With routing paced to delivery as by
     * default (PROCESSING_MAX_AHEAD, RoutingPace), then without, to show what that pacing gives.
     */
    void measurePaced(String store, Map<String, String> state, boolean routingPaced) throws Exception {
        Map<String, String> settings = new HashMap<>(state);
        if (settings.containsKey("STATE_DIR")) {
            settings.put("STATE_DIR", tempDir().toString());
        }
        Map<String, String> paced = environment(settings);
        paced.remove("INTAKE_MAX_BACKLOG");
        String pacing = routingPaced ? "paced (the default INTAKE_MAX_BACKLOG and PROCESSING_MAX_AHEAD)"
                : "paced, routing not (PROCESSING_MAX_AHEAD=0)";
        if (!routingPaced) {
            paced.put("PROCESSING_MAX_AHEAD", "0");
        }
        Mode batches = MODES.get(0);
        PackagedService service = new PackagedService("ingest-" + store + (routingPaced ? "-paced" : "-routing-unpaced"),
                paced);
        service.start();
        try {
            FastClientSuccess.groupUsers(service, "bench", USERS);
            load(service, batches, store + "-paced-warm");
            Optional<JvmTimes> jvmBefore = service.jvmTimes();
            String before = stats(service);
            long deliveredBefore = received.get();
            Load load = load(service, batches, store + "-paced");
            double delivered = (received.get() - deliveredBefore) / load.seconds();
            String jvmSpent = jvmSpent(jvmBefore, service.jvmTimes());
            String after = stats(service);
            lines.add(String.format("ingest benchmark: %-11s %-17s %,9.0f events/s accepted p99 %6.1f ms, %,9.0f "
                    + "delivered meanwhile, %s; peak RSS %s", store, batches.label(), load.perSecond() * batches.messages(),
                    load.p99Millis(), delivered, pacing, service.peakResidentMemory()));
            lines.add(String.format("ingest benchmark: %-11s %-17s awaiting routing %s → %s, awaiting delivery %s → %s "
                    + "over the measured seconds%s", store, batches.label(), count(before, "awaitingRouting"),
                    count(after, "awaitingRouting"), count(before, "awaitingDelivery"), count(after, "awaitingDelivery"),
                    jvmSpent));
            if (load.non2xx() + load.errors() > 0) {
                lines.add(String.format("ingest benchmark: %-11s %-17s %d non-2xx answers, %d socket errors, %s",
                        store, batches.label(), load.non2xx(), load.errors(), pacing));
            }
        } finally {
            service.stop();
        }
    }

    static String stats(PackagedService service) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/ops/stats"))
                .header("Authorization", "Bearer " + OPS_TOKEN).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /**
     * What the service's JVM spent over the measured seconds, to end a line with: time its compilers
     * took (CPU the load did not get) and time its collections stopped it. Empty for a native binary.
     */
    static String jvmSpent(Optional<JvmTimes> before, Optional<JvmTimes> after) {
        if (before.isEmpty() || after.isEmpty()) {
            return "";
        }
        JvmTimes spent = after.get().since(before.get());
        return String.format("; meanwhile compiling %.1f s, collecting %.1f s", spent.compiling(), spent.collecting());
    }

    static String count(String stats, String name) {
        Matcher count = Pattern.compile("\"" + name + "\":(\\d+)").matcher(stats);
        return count.find() ? String.format("%,d", Long.parseLong(count.group(1))) : "?";
    }

    static Load load(PackagedService service, Mode mode, String run) throws IOException, InterruptedException {
        boolean warmUp = run.endsWith("-warm");
        ProcessBuilder wrk = new ProcessBuilder("wrk", "-t2", "-c16", "-d" + (warmUp ? WARM_UP_SECONDS : SECONDS) + "s",
                "--timeout", "10s", "-s", SCRIPT.toString(), service.baseUrl());
        wrk.environment().put("BATCH", Integer.toString(mode.messages()));
        wrk.environment().put("PATH_TO", mode.path());
        wrk.environment().put("RUN", run + "-" + mode.messages() + "-" + mode.path() + "-" + System.nanoTime());
        wrk.redirectErrorStream(true);
        Process process = wrk.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        Matcher result = RESULT.matcher(output);
        if (!result.find()) {
            throw new IllegalStateException("wrk printed no result:\n" + output);
        }
        return new Load(Long.parseLong(result.group(1)), Long.parseLong(result.group(2)) / 1e6,
                Long.parseLong(result.group(3)) / 1e3, Long.parseLong(result.group(4)) / 1e3,
                Long.parseLong(result.group(5)), Long.parseLong(result.group(6)));
    }

    static Path tempDir() throws IOException {
        return Files.createTempDirectory(PackagedService.BUILD, "ingest-state");
    }

    static boolean wrkInstalled() {
        try {
            return new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start().waitFor() >= 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
