package io.github.segment2cs.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;

/**
 * A fast local ClientSuccess for the benchmarks: the JDK's HTTP server answering every event at
 * once with 200 {"created":true}, matching nothing and keeping no journal, so the figures measure
 * the service rather than the stand-in (WireMock, on the same two cores, capped deliveries near
 * 1,000 per second). Listeners see each request's path and query, and its body.
 */
public final class FastClientSuccess implements AutoCloseable {

    private static final byte[] CREATED = "{\"created\":true}".getBytes(StandardCharsets.UTF_8);

    static {
        // The server writes an answer's headers and body apart: with Nagle's algorithm on, each
        // answer waits for the client's delayed ACK (about 40 ms).
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(32);
    private final List<BiConsumer<String, String>> listeners = new CopyOnWriteArrayList<>();

    private FastClientSuccess() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        server.createContext("/collector/", this::answer);
        server.setExecutor(threads);
        server.start();
    }

    /** Started, answering every event. */
    public static FastClientSuccess start() throws IOException {
        return new FastClientSuccess();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Called with each request's URI (path and query) and body. */
    public void onRequest(BiConsumer<String, String> listener) {
        listeners.add(listener);
    }

    public void clearListeners() {
        listeners.clear();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String body = listeners.isEmpty() ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            in.transferTo(OutputStream.nullOutputStream());
            String uri = exchange.getRequestURI().toString();
            listeners.forEach(listener -> listener.accept(uri, body));
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, CREATED.length);
            exchange.getResponseBody().write(CREATED);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    /** One group call for each of the users {@code prefix-0} … {@code prefix-(users-1)}, in one batch. */
    public static void groupUsers(PackagedService service, String prefix, int users) throws Exception {
        StringBuilder groups = new StringBuilder("{\"batch\":[");
        for (int u = 0; u < users; u++) {
            groups.append(u == 0 ? "" : ",").append("{\"type\":\"group\",\"userId\":\"").append(prefix).append('-')
                    .append(u).append("\",\"groupId\":\"g-").append(prefix).append("\",\"traits\":{\"name\":\"")
                    .append(prefix).append("\"}}");
        }
        assertEquals(200, service.post("/v1/batch", "bench", groups.append("]}").toString()));
    }
}
