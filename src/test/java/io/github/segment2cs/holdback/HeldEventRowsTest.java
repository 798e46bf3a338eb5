package io.github.segment2cs.holdback;

import static io.github.segment2cs.support.Segment.group;
import static io.github.segment2cs.support.Segment.unique;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.segment2cs.store.Sql;
import io.github.segment2cs.store.StateDatabase;
import io.github.segment2cs.support.ClientSuccessMock;
import io.github.segment2cs.support.Ops;
import io.github.segment2cs.support.Received;
import io.github.segment2cs.support.Segment;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Held events as rows: many for one user, released in chunks; and documents of earlier versions, converted. */
@QuarkusTest
@WithTestResource(ClientSuccessMock.class)
class HeldEventRowsTest {

    @Inject
    StateDatabase database;

    @Inject
    LegacyHeldDocuments legacy;

    @Test
    void aUserWithMoreHeldEventsThanOneChunkGetsEveryOneWithItsOwnTimestamp() {
        String user = unique("many-held");
        int count = ReleasedEvents.CHUNK * 2 + 50;
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            messages.add("{\"type\":\"track\",\"userId\":\"" + user + "\",\"messageId\":\"" + unique("m")
                    + "\",\"event\":\"Held " + i + "\",\"timestamp\":\"" + timestamp(i) + "\"}");
        }
        Segment.post("/v1/batch", "{\"batch\":[" + String.join(",", messages) + "]}").statusCode(200);
        await().atMost(20, SECONDS).untilAsserted(() -> Ops.authorized().get("/ops/held").then()
                .body("items.find { it.userId == '" + user + "' }.events", equalTo(count)));
        assertEquals(count, heldRows(user), "one row per held event");

        group(user, unique("g"), "Many Held Org");

        await().atMost(30, SECONDS).until(() -> Received.forUser(user).size() >= count);
        List<Received> received = Received.forUser(user);
        assertEquals(count, received.size(), "each held event is delivered once");
        assertEquals(IntStream.range(0, count).mapToObj(i -> "Held " + i).collect(Collectors.toSet()),
                received.stream().map(Received::eventId).collect(Collectors.toSet()));
        assertEquals(IntStream.range(0, count).mapToObj(HeldEventRowsTest::timestamp).collect(Collectors.toSet()),
                received.stream().map(r -> Instant.parse(r.body().path("timestamp").asText()).toString())
                        .collect(Collectors.toSet()),
                "each keeps its original timestamp");
        await().atMost(10, SECONDS).until(() -> heldRows(user) == 0);
    }

    @Test
    void heldDocumentsOfAnEarlierVersionAreHeldAndReleasedAsRows() {
        String heldUser = unique("legacy-held");
        String releasingUser = unique("legacy-releasing");
        group(releasingUser, unique("g"), "Legacy Org");
        database.inTransaction(connection -> {
            Sql.update(connection, "INSERT INTO s2cs_held_legacy (correlation_key, exchange_id, exchange) VALUES (?, ?, ?)",
                    heldUser, null, legacyDocument(heldUser, unique("ex"), Set.of(), "Old Held A", "Old Held B"));
            String releaseId = unique("ex");
            return Sql.update(connection, "INSERT INTO s2cs_held_legacy (correlation_key, exchange_id, exchange) "
                    + "VALUES (?, ?, ?)", releasingUser, releaseId,
                    legacyDocument(releasingUser, releaseId, Set.of("release"), "Old Released"));
        });

        assertEquals(2, legacy.upgrade());

        assertEquals(2, heldRows(heldUser));
        Ops.authorized().get("/ops/held").then()
                .body("items.find { it.userId == '" + heldUser + "' }.events", equalTo(2));
        // The interrupted release is recovered by the aggregator's recovery task.
        await().atMost(20, SECONDS).until(() -> Received.forUser(releasingUser).size() == 1);
        assertEquals("Old Released", Received.forUser(releasingUser).get(0).eventId());

        group(heldUser, unique("g"), "Late Legacy Org");
        await().atMost(10, SECONDS).until(() -> Received.forUser(heldUser).size() == 2);
        assertEquals(new TreeSet<>(List.of("Old Held A", "Old Held B")),
                Received.forUser(heldUser).stream().map(Received::eventId).collect(Collectors.toCollection(TreeSet::new)));
        assertEquals(0, legacy.upgrade(), "nothing is converted twice");
    }

    private static String timestamp(int i) {
        return Instant.parse("2026-11-28T10:00:00Z").plusSeconds(i).toString();
    }

    private long heldRows(String user) {
        return database.inTransaction(connection -> Sql.queryOne(connection,
                "SELECT COUNT(*) FROM s2cs_held_event WHERE user_id = ?", row -> row.getLong(1), user));
    }

    /** A document as versions before V3 stored it: the aggregate exchange with its events in the body. */
    private static String legacyDocument(String user, String exchangeId, Set<String> outcome, String... events) {
        String body = IntStream.range(0, events.length).mapToObj(i -> "{\"heldAt\":" + (System.currentTimeMillis() - 1000
                + i) + ",\"message\":{\"type\":\"track\",\"userId\":\"" + user + "\",\"messageId\":\"" + unique("m")
                + "\",\"event\":\"" + events[i] + "\",\"timestamp\":\"2026-11-28T09:00:0" + i + ".000Z\"}}")
                .collect(Collectors.joining(","));
        String properties = outcome.isEmpty() ? "{\"CamelAggregatedTimeout\":600000}"
                : "{\"holdRelease\":true,\"holdOutcome\":\"" + outcome.iterator().next()
                        + "\",\"CamelAggregatedCorrelationKey\":\"" + user + "\",\"CamelAggregatedCompletedBy\":\"predicate\"}";
        return "{\"exchangeId\":\"" + exchangeId + "\",\"body\":[" + body + "],\"headers\":{\"userId\":\"" + user
                + "\"},\"properties\":" + properties + "}";
    }
}
