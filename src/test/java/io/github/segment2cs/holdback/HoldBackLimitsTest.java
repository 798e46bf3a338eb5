package io.github.segment2cs.holdback;

import static io.github.segment2cs.support.Segment.group;
import static io.github.segment2cs.support.Segment.track;
import static io.github.segment2cs.support.Segment.unique;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.segment2cs.support.ClientSuccessMock;
import io.github.segment2cs.support.Ops;
import io.github.segment2cs.support.Received;
import io.github.segment2cs.support.Segment;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The hold window, the per-user cap, and the operator's release and expire, with a short window and a cap of 2. */
@QuarkusTest
@WithTestResource(ClientSuccessMock.class)
@TestProfile(HoldBackLimitsTest.ShortWindowSmallCap.class)
class HoldBackLimitsTest {

    static final String WINDOW_CLOSED = "no group call within the hold window";

    public static class ShortWindowSmallCap implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("holdback.window", "PT4S", "holdback.max-events-per-user", "2");
        }
    }

    @Test
    void eventsWithoutAGroupCallWithinTheWindowAreDeadLettered() {
        String user = unique("lonely");
        track(user, unique("m"), "Never Grouped", "2026-11-28T10:00:00.000Z");
        await().atMost(15, SECONDS).untilAsserted(() -> Ops.authorized().queryParam("reason", WINDOW_CLOSED)
                .get("/ops/dead-letters").then()
                .body("items.findAll { it.userId == '" + user + "' }", hasSize(1))
                .body("items.find { it.userId == '" + user + "' }.event", equalTo("Never Grouped")));
        Ops.authorized().get("/ops/held").then().body("items.find { it.userId == '" + user + "' }", equalTo(null));
        group(user, "g-late", "Late Org");
        await().during(1, SECONDS).atMost(3, SECONDS).until(() -> Received.forUser(user).isEmpty());
    }

    @Test
    void eventsHandedOverByAnAliasStillEndWithTheirWindow() {
        String previous = unique("anon-window");
        String user = unique("never-grouped");
        track(previous, unique("m"), "Handed Over", "2026-11-28T10:00:00.000Z");
        Segment.post("/v1/alias", "{\"previousId\":\"" + previous + "\",\"userId\":\"" + user + "\"}")
                .statusCode(200);
        await().atMost(15, SECONDS).untilAsserted(() -> Ops.authorized().queryParam("reason", WINDOW_CLOSED)
                .get("/ops/dead-letters").then()
                .body("items.findAll { it.userId == '" + user + "' }", hasSize(1))
                .body("items.find { it.userId == '" + user + "' }.event", equalTo("Handed Over")));
        Ops.authorized().get("/ops/held").then().body("items.find { it.userId == '" + user + "' }", equalTo(null));
        assertTrue(Received.forUser(user).isEmpty() && Received.forUser(previous).isEmpty());
    }

    @Test
    void overTheCapTheOldestHeldEventsAreDeadLettered() {
        String user = unique("chatty");
        track(user, unique("m"), "First", "2026-11-28T10:00:00.000Z");
        track(user, unique("m"), "Second", "2026-11-28T10:01:00.000Z");
        track(user, unique("m"), "Third", "2026-11-28T10:02:00.000Z");
        await().atMost(10, SECONDS).untilAsserted(() -> Ops.authorized().queryParam("reason", "over the cap")
                .get("/ops/dead-letters").then()
                .body("items.find { it.userId == '" + user + "' }.event", equalTo("First")));
        group(user, "g-cap", "Cap Org");
        await().atMost(10, SECONDS).until(() -> Received.forUser(user).size() == 2);
        assertEquals(Set.of("Second", "Third"),
                Received.forUser(user).stream().map(Received::eventId).collect(Collectors.toSet()));
    }

    @Test
    void anOperatorCanReleaseOrExpireAUsersHeldEvents() {
        String released = unique("released");
        String expired = unique("expired");
        track(released, unique("m"), "Released Early", "2026-11-28T10:00:00.000Z");
        track(expired, unique("m"), "Expired Early", "2026-11-28T10:00:00.000Z");
        await().atMost(5, SECONDS).untilAsserted(() -> Ops.authorized().get("/ops/held").then()
                .body("items.find { it.userId == '" + expired + "' }.events", equalTo(1)));

        Ops.authorized().post("/ops/held/" + released + "/release").then().statusCode(200);
        Ops.authorized().post("/ops/held/" + expired + "/expire").then().statusCode(200);
        Ops.authorized().post("/ops/held/nobody-" + unique("x") + "/release").then().statusCode(404);

        await().atMost(5, SECONDS).until(() -> Received.forUser(released).size() == 1);
        List<Received> events = Received.forUser(released);
        assertTrue(events.get(0).body().path("identity").path("organization").isMissingNode(),
                "no organization is known, so none is sent");
        await().atMost(5, SECONDS).untilAsserted(() -> Ops.authorized().get("/ops/dead-letters").then()
                .body("items.find { it.userId == '" + expired + "' }.reason", startsWith("expired by an operator")));
        assertTrue(Received.forUser(expired).isEmpty());
    }
}
