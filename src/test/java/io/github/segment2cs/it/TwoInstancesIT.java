package io.github.segment2cs.it;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.segment2cs.support.OnPostgresql;
import io.github.segment2cs.support.PackagedService;
import io.github.segment2cs.support.PostgresqlDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * Two packaged instances behind one PostgreSQL database, as behind a load balancer: a user's track
 * and group calls land on different instances at the same time, and every event is delivered once.
 */
@EnabledIf("io.github.segment2cs.support.OnPostgresql#available")
class TwoInstancesIT {

    static final String WRITE_KEY = "pair-key";
    static final ObjectMapper JSON = new ObjectMapper();

    WireMockServer clientSuccess;
    String database;
    PackagedService first;
    PackagedService second;

    @BeforeEach
    void start() throws Exception {
        clientSuccess = new WireMockServer(options().dynamicPort().containerThreads(20));
        clientSuccess.start();
        clientSuccess.stubFor(post(urlPathMatching("/collector/.*")).willReturn(okJson("{\"created\":true}")));
        database = PostgresqlDatabase.create("s2cs_pair");
        Map<String, String> environment = Map.of("CLIENTSUCCESS_API_KEY", "key", "CLIENTSUCCESS_PROJECT_ID", "proj",
                "CLIENTSUCCESS_BASE_URL", clientSuccess.baseUrl(), "SEGMENT_WRITE_KEYS", WRITE_KEY,
                "STATE_JDBC_URL", OnPostgresql.SERVER + database, "STATE_USERNAME", "postgres",
                "OPS_TOKEN", "ops", "DELIVERY_MAX_RATE", "1000",
                // No sweeper during the test: the user lock alone must keep a racing event from being stranded.
                "HOLDBACK_SWEEP_INTERVAL", "3600000");
        first = new PackagedService(database + "-a", environment).start();
        second = new PackagedService(database + "-b", environment).start();
    }

    @AfterEach
    void stop() throws Exception {
        first.stop();
        second.stop();
        clientSuccess.stop();
        PostgresqlDatabase.drop(database);
    }

    @Test
    void racingCallsOnTwoInstancesDeliverEveryEventExactlyOnce() throws Exception {
        int users = 40;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Integer>> answers = new ArrayList<>();
        try {
            for (int u = 0; u < users; u++) {
                String user = "pair-user-" + u;
                PackagedService trackTo = u % 2 == 0 ? first : second;
                PackagedService groupTo = u % 2 == 0 ? second : first;
                answers.add(pool.submit(() -> trackTo.post("/v1/track", WRITE_KEY, "{\"userId\":\"" + user
                        + "\",\"event\":\"" + user + "\",\"messageId\":\"t-" + user + "\"}")));
                answers.add(pool.submit(() -> groupTo.post("/v1/group", WRITE_KEY, "{\"userId\":\"" + user
                        + "\",\"groupId\":\"g-pair\",\"traits\":{\"name\":\"Pair Org\"}}")));
                // The same track retried by the sender on the other instance is still one event.
                answers.add(pool.submit(() -> groupTo.post("/v1/track", WRITE_KEY, "{\"userId\":\"" + user
                        + "\",\"event\":\"" + user + "\",\"messageId\":\"t-" + user + "\"}")));
            }
            for (Future<Integer> answer : answers) {
                assertEquals(200, answer.get());
            }
        } finally {
            pool.shutdown();
        }
        await().atMost(60, SECONDS).until(() -> delivered().size() == users);
        Thread.sleep(3000);
        Map<String, Long> delivered = delivered();
        System.out.printf("two instances: %d users, %d events delivered, %d repeats%n", users, delivered.size(),
                delivered.values().stream().mapToLong(n -> n - 1).sum());
        assertEquals(users, delivered.size());
        delivered.forEach((event, count) -> assertEquals(1L, count, event + " delivered " + count + " times"));
    }

    Map<String, Long> delivered() {
        return clientSuccess.findAll(postRequestedFor(urlPathMatching("/collector/.*"))).stream()
                .map(r -> r.getUrl().split("\\?")[0].substring(r.getUrl().lastIndexOf("/events/") + 8))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }
}
