package io.github.segment2cs.support;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
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
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The packaged application (service/target/quarkus-app/quarkus-run.jar) as a real process: started,
 * killed, restarted. Under {@code ./mvnw -Pnative verify} failsafe names the native binary in
 * {@code native.image.path}, and the process is that binary instead. It keeps its state in
 * PostgreSQL only, so an instance given an embedded store (STATE_DIR) is given a PostgreSQL database
 * of its own instead, the same one for every instance of that STATE_DIR, so that a restart finds
 * what the killed instance left.
 */
public final class PackagedService {

    /** The service's build output, from the top level (where the tests run). */
    public static final Path BUILD = Path.of("service", "target");

    /** The native binary under test, or null for the jar. */
    static final String NATIVE_BINARY = System.getProperty("native.image.path");

    /** The PostgreSQL database standing in for each STATE_DIR, when the native binary runs. */
    private static final Map<String, String> NATIVE_STATE = new ConcurrentHashMap<>();

    static {
        if (NATIVE_BINARY != null) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> NATIVE_STATE.values().forEach(PostgresqlDatabase::drop)));
        }
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String name;
    private final Map<String, String> environment;
    private Path workingDirectory;
    private final int port;
    private Process process;
    private long startupMillis;

    public PackagedService(String name, Map<String, String> environment) {
        this.name = name;
        this.port = freePort();
        this.environment = new HashMap<>(environment);
        this.environment.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        if (NATIVE_BINARY != null) {
            inPostgresqlIfEmbedded(this.environment);
        }
    }

    private static void inPostgresqlIfEmbedded(Map<String, String> environment) {
        if (environment.containsKey("STATE_JDBC_URL") || environment.containsKey("QUARKUS_DATASOURCE_POSTGRESQL_JDBC_URL")) {
            return;
        }
        if (!OnPostgresql.available()) {
            throw new IllegalStateException("The native binary keeps its state in PostgreSQL only, and none listens on "
                    + OnPostgresql.SERVER + " (see README \"Native\")");
        }
        String stateDir = environment.getOrDefault("STATE_DIR", "");
        String database = NATIVE_STATE.computeIfAbsent(stateDir, dir -> PostgresqlDatabase.create("s2cs_native"));
        environment.put("STATE_JDBC_URL", OnPostgresql.SERVER + database);
        environment.put("STATE_USERNAME", OnPostgresql.USER);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Posts JSON to the service as a Segment library does (the write key as HTTP Basic user); returns the status. */
    public int post(String path, String writeKey, String json) throws IOException, InterruptedException {
        return send(path, writeKey, json).statusCode();
    }

    /** Posts JSON as {@link #post} does; returns the whole answer. */
    public HttpResponse<String> send(String path, String writeKey, String json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic "
                        + Base64.getEncoder().encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The status of a GET of {@code path}, e.g. a health check. */
    public int status(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /**
     * Runs the service in another working directory, where it reads application.properties and the
     * routes folder (this project's jar and JVM settings still).
     */
    public PackagedService in(Path directory) {
        this.workingDirectory = directory;
        return this;
    }

    public PackagedService start() throws IOException {
        long launched = System.nanoTime();
        launch();
        await().atMost(60, SECONDS).pollInterval(20, java.util.concurrent.TimeUnit.MILLISECONDS)
                .until(() -> ready() || !process.isAlive());
        startupMillis = (System.nanoTime() - launched) / 1_000_000;
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " did not start; see " + log());
        }
        return this;
    }

    /** Starts a service that is expected to refuse to start; returns what it printed before it exited. */
    public String startExpectingRefusal() throws IOException, InterruptedException {
        launch();
        if (!process.waitFor(60, SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException(name + " did not exit; see " + log());
        }
        return Files.readString(log());
    }

    private void launch() throws IOException {
        Files.createDirectories(log().getParent());
        ProcessBuilder builder = new ProcessBuilder(NATIVE_BINARY != null
                ? List.of(Path.of(NATIVE_BINARY).toAbsolutePath().toString())
                : jvmCommand());
        if (workingDirectory != null) {
            builder.directory(workingDirectory.toFile());
        }
        // README's run command sets it: the C library's allocator keeps fewer arenas (see jvm.options).
        builder.environment().put("MALLOC_ARENA_MAX", "2");
        builder.environment().putAll(environment);
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
        process = builder.start();
    }

    private List<String> jvmCommand() {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + Path.of("jvm.options").toAbsolutePath()));
        if (Boolean.getBoolean("packaged.jfr")) {
            // -Dpackaged.jfr=true: a Java Flight Recording of each packaged instance, for profiling.
            command.add("-XX:StartFlightRecording=settings=profile,filename=" + log().toString().replace(".log", ".jfr"));
        }
        // From the top level, the jar by the path README's command gives: the class-data archive that
        // jvm.options names recorded that path, and is used only when it matches.
        Path jar = BUILD.resolve("quarkus-app/quarkus-run.jar");
        command.addAll(List.of("-jar", (workingDirectory == null ? jar : jar.toAbsolutePath()).toString()));
        return command;
    }

    private Path log() {
        return BUILD.resolve(Path.of("it-logs", name + ".log")).toAbsolutePath();
    }

    /** The lines the service has logged so far (console output; the file is kept in target/it-logs). */
    public List<String> logLines() throws IOException {
        return Files.readAllLines(log());
    }

    /** SIGKILL: no shutdown hook, no graceful anything. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** SIGTERM: the graceful shutdown. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(45, SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** From launching the JVM to the first 200 from /q/health/ready, in the last start (within 20 ms). */
    public long startupMillis() {
        return startupMillis;
    }

    /** The CPU time the process has used so far, in all its threads, in milliseconds. */
    public long cpuMillis() {
        return process.info().totalCpuDuration().map(java.time.Duration::toMillis).orElseThrow();
    }

    /** The JVM's compiling and collecting so far ({@link JvmTimes}); empty for the native binary. */
    public Optional<JvmTimes> jvmTimes() throws IOException, InterruptedException {
        return NATIVE_BINARY != null ? Optional.empty() : JvmTimes.of(process.pid());
    }

    /** The process's peak resident memory (VmHWM), as Linux reports it. */
    public String peakResidentMemory() throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status")).stream()
                .filter(line -> line.startsWith("VmHWM:")).map(line -> line.substring(6).trim()).findFirst()
                .orElse("unknown");
    }

    private boolean ready() {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(baseUrl() + "/q/health/ready").toURL()
                    .openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(2000);
            return connection.getResponseCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
