package io.github.segment2cs.it;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.segment2cs.support.OnPostgresql;
import io.github.segment2cs.support.PackagedService;
import io.github.segment2cs.support.PostgresqlDatabase;
import io.github.segment2cs.support.TcpProxy;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The packaged service on PostgreSQL, reached through a {@link TcpProxy} that the test cuts for
 * about 10 s and restores, as a database restart looks to the service: while it is gone, ingest
 * answers 503 with Retry-After and readiness is DOWN while liveness stays UP; once it is back, the
 * service accepts and delivers again within seconds, without waiting out its claim leases, and
 * every event answered 200 is delivered, repeated at most as often as deliveries were in flight.
 */
@EnabledIf("io.github.segment2cs.support.OnPostgresql#available")
class DatabaseOutageIT {

    static final String WRITE_KEY = "outage-key";
    /** delivery.max-connections: the most requests in flight when recording their outcomes fails. */
    static final int PARALLEL_DELIVERIES = 20;
    static final long RESUME_WITHIN_MILLIS = 10_000;

    WireMockServer clientSuccess;
    String database;
    TcpProxy proxy;
    PackagedService service;

    @BeforeEach
    void start() throws Exception {
        clientSuccess = new WireMockServer(options().dynamicPort().containerThreads(30));
        clientSuccess.start();
        clientSuccess.stubFor(post(urlPathMatching("/collector/.*"))
                .willReturn(okJson("{\"created\":true}").withFixedDelay(20)));
        database = PostgresqlDatabase.create("s2cs_outage");
        proxy = new TcpProxy("127.0.0.1", 5432);
        service = new PackagedService(database, Map.of("CLIENTSUCCESS_API_KEY", "key",
                "CLIENTSUCCESS_PROJECT_ID", "proj", "CLIENTSUCCESS_BASE_URL", clientSuccess.baseUrl(),
                "SEGMENT_WRITE_KEYS", WRITE_KEY, "DELIVERY_MAX_RATE", "1000",
                "STATE_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + database,
                "STATE_USERNAME", OnPostgresql.USER))
                .start();
    }

    @AfterEach
    void stop() throws Exception {
        service.stop();
        proxy.close();
        clientSuccess.stop();
        PostgresqlDatabase.drop(database);
    }

    record Answer(long at, int status, String retryAfter, String body, List<String> events) {
    }

    @Test
    void streamingThroughACutRefusesHonestlyAndDeliversEveryAcceptedEvent() throws Exception {
        for (int user = 0; user < 5; user++) {
            assertEquals(200, service.post("/v1/group", WRITE_KEY,
                    "{\"userId\":\"outage-user-" + user + "\",\"groupId\":\"g-outage\",\"traits\":{\"name\":\"Org\"}}"));
        }
        List<Answer> answers = new ArrayList<>();
        long begin = System.currentTimeMillis();
        long cutAt = begin + 5_000;
        long restoreAt = cutAt + 10_000;
        boolean cut = false;
        boolean restored = false;
        int readyDuringCut = -1;
        int liveDuringCut = -1;
        int linesBeforeCut = 0;
        int linesDuringCut = 0;
        List<String> acceptedBeforeCut = List.of();
        long caughtUpAfter = -1;
        for (int batch = 0; System.currentTimeMillis() < restoreAt + 12_000; batch++) {
            long now = System.currentTimeMillis();
            if (!cut && now >= cutAt) {
                acceptedBeforeCut = accepted(answers);
                linesBeforeCut = logEntries();
                proxy.cut();
                cut = true;
            }
            if (cut && !restored && now >= cutAt + 5_000 && readyDuringCut < 0) {
                readyDuringCut = service.status("/q/health/ready");
                liveDuringCut = service.status("/q/health/live");
            }
            if (!restored && now >= restoreAt) {
                linesDuringCut = logEntries() - linesBeforeCut;
                proxy.restore();
                restored = true;
            }
            List<String> events = new ArrayList<>();
            StringBuilder messages = new StringBuilder();
            for (int i = 0; i < 5; i++) {
                String event = "outage-" + batch + "-" + i;
                events.add(event);
                messages.append(i == 0 ? "" : ",").append("{\"type\":\"track\",\"userId\":\"outage-user-").append(i)
                        .append("\",\"event\":\"").append(event).append("\",\"messageId\":\"").append(event)
                        .append("\"}");
            }
            HttpResponse<String> answer = service.send("/v1/batch", WRITE_KEY, "{\"batch\":[" + messages + "]}");
            answers.add(new Answer(now, answer.statusCode(), answer.headers().firstValue("Retry-After").orElse(null),
                    answer.body(), events));
            if (restored && caughtUpAfter < 0 && delivered().keySet().containsAll(acceptedBeforeCut)) {
                caughtUpAfter = System.currentTimeMillis() - restoreAt;
            }
            Thread.sleep(50);
        }

        List<Answer> duringCut = answers.stream().filter(a -> a.at() > cutAt + 1_000 && a.at() < restoreAt).toList();
        assertTrue(duringCut.size() > 20, "requests sent during the cut: " + duringCut.size());
        for (Answer answer : duringCut) {
            assertEquals(503, answer.status(), "answer during the cut: " + answer.body());
            assertEquals("5", answer.retryAfter());
            assertTrue(answer.body().contains("\"success\":false"), answer.body());
        }
        answers.forEach(answer -> assertTrue(answer.status() == 200 || answer.status() == 503,
                "only 200 or 503 is answered, not " + answer.status() + ": " + answer.body()));
        assertEquals(503, readyDuringCut, "readiness during the cut");
        // Every route polls the database several times a second: the outage is logged once, not at each poll.
        assertTrue(linesDuringCut <= 10, linesDuringCut + " entries logged during the cut");
        assertTrue(service.logLines().stream().anyMatch(line -> line.contains("state database is available again")),
                "the end of the outage is logged");
        assertEquals(200, liveDuringCut, "liveness during the cut");
        long firstAcceptedAfter = answers.stream().filter(a -> a.at() >= restoreAt && a.status() == 200)
                .mapToLong(Answer::at).min().orElseThrow();
        assertTrue(firstAcceptedAfter - restoreAt <= RESUME_WITHIN_MILLIS,
                "accepting again " + (firstAcceptedAfter - restoreAt) + " ms after the database returned");

        assertTrue(caughtUpAfter >= 0 && caughtUpAfter <= RESUME_WITHIN_MILLIS, "what was accepted before the "
                + "cut was all delivered " + caughtUpAfter + " ms after the database returned (-1: not within 12 s)");
        List<String> accepted = accepted(answers);
        await().atMost(RESUME_WITHIN_MILLIS + 10_000, MILLISECONDS).pollInterval(200, MILLISECONDS)
                .until(() -> delivered().keySet().containsAll(accepted));
        Thread.sleep(2_000);
        Map<String, Long> delivered = delivered();
        long repeats = delivered.values().stream().mapToLong(n -> n - 1).sum();
        System.out.printf("database outage: %d requests, %d answered 503 during the cut, %d events accepted, "
                + "all delivered; accepting again %d ms and caught up %d ms after the database returned; %d "
                + "repeats; %d log entries during the cut%n", answers.size(), duringCut.size(), accepted.size(),
                firstAcceptedAfter - restoreAt, caughtUpAfter, repeats, linesDuringCut);
        assertTrue(repeats <= PARALLEL_DELIVERIES, repeats + " repeats, more than the deliveries in flight");
    }

    @Test
    void cutWhileAHeldUsersEventsAreReleasedLosesNone() throws Exception {
        int held = 500;
        for (int start = 0; start < held; start += 100) {
            StringBuilder messages = new StringBuilder();
            for (int i = start; i < start + 100; i++) {
                messages.append(i == start ? "" : ",").append("{\"type\":\"track\",\"userId\":\"held-user\",")
                        .append("\"event\":\"held-").append(i).append("\",\"messageId\":\"held-").append(i)
                        .append("\"}");
            }
            assertEquals(200, service.post("/v1/batch", WRITE_KEY, "{\"batch\":[" + messages + "]}"));
        }
        await().atMost(30, SECONDS).until(() -> count("SELECT COUNT(*) FROM s2cs_held_event") == held);

        assertEquals(200, service.post("/v1/group", WRITE_KEY,
                "{\"userId\":\"held-user\",\"groupId\":\"g-held\",\"traits\":{\"name\":\"Held Org\"}}"));
        await().atMost(10, SECONDS).pollInterval(2, MILLISECONDS)
                .until(() -> count("SELECT COUNT(*) FROM s2cs_held_completed") > 0);
        proxy.cut();
        Thread.sleep(5_000);
        proxy.restore();
        long restoredAt = System.currentTimeMillis();

        await().atMost(RESUME_WITHIN_MILLIS + 10_000, MILLISECONDS).pollInterval(200, MILLISECONDS)
                .until(() -> delivered().size() == held);
        long allDelivered = System.currentTimeMillis() - restoredAt;
        await().atMost(10, SECONDS).until(() -> count("SELECT COUNT(*) FROM s2cs_held_event") == 0
                && count("SELECT COUNT(*) FROM s2cs_held_completed") == 0);
        Map<String, Long> delivered = delivered();
        long repeats = delivered.values().stream().mapToLong(n -> n - 1).sum();
        System.out.printf("database outage during a release: %d held events all delivered %d ms after the "
                + "database returned; %d repeats%n", held, allDelivered, repeats);
        assertTrue(repeats <= PARALLEL_DELIVERIES, repeats + " repeats, more than the deliveries in flight");
    }

    static List<String> accepted(List<Answer> answers) {
        return answers.stream().filter(a -> a.status() == 200).flatMap(a -> a.events().stream()).toList();
    }

    /** Log entries so far: lines that start with a time (a stack trace is part of its entry). */
    int logEntries() throws Exception {
        return (int) service.logLines().stream().filter(line -> line.matches("\\d\\d:\\d\\d:.*")).count();
    }

    Map<String, Long> delivered() {
        return clientSuccess.findAll(postRequestedFor(urlPathMatching("/collector/.*"))).stream()
                .map(r -> r.getUrl().split("\\?")[0].substring(r.getUrl().lastIndexOf("/events/") + 8))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    /** Read straight from PostgreSQL, past the proxy. */
    long count(String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(OnPostgresql.SERVER + database, OnPostgresql.USER, "");
                Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }
}
