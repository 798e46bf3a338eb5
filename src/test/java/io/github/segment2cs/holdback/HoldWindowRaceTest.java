package io.github.segment2cs.holdback;

import static io.github.segment2cs.support.Segment.track;
import static io.github.segment2cs.support.Segment.unique;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.segment2cs.support.ClientSuccessMock;
import io.github.segment2cs.support.Ops;
import io.github.segment2cs.support.Received;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;

/**
 * Windows are ended by the sweeper alone, and every instance sharing a database sweeps: two sweeps
 * may end the same user's window at once. Here four timeouts race the service's own sweeper.
 */
@QuarkusTest
@WithTestResource(ClientSuccessMock.class)
@TestProfile(HoldBackLimitsTest.ShortWindowSmallCap.class)
class HoldWindowRaceTest {

    @Inject
    ProducerTemplate template;

    @Test
    void sweepsThatEndTheSameWindowAtOnceDeadLetterEachEventOnce() {
        String user = unique("raced");
        track(user, unique("m"), "First Raced", "2026-11-28T10:00:00.000Z");
        track(user, unique("m"), "Second Raced", "2026-11-28T10:01:00.000Z");
        await().atMost(5, SECONDS).untilAsserted(() -> Ops.authorized().get("/ops/held").then()
                .body("items.find { it.userId == '" + user + "' }.events", equalTo(2)));
        // Past the window (4 s in this profile), before the service's sweeper is certain to have looked.
        await().pollDelay(4_100, MILLISECONDS).until(() -> true);

        Map<String, Object> timeout = Map.copyOf(HeldEventSweeper.control(user, HoldCommand.TIMEOUT));
        List<CompletableFuture<Void>> sweeps = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            sweeps.add(CompletableFuture.runAsync(() -> template.sendBodyAndHeaders("direct:s2cs-hold-back", "", timeout)));
        }
        sweeps.forEach(CompletableFuture::join);

        await().atMost(15, SECONDS).untilAsserted(() -> windowClosedLetters()
                .body("items.findAll { it.userId == '" + user + "' }", hasSize(2)));
        await().during(2, SECONDS).atMost(4, SECONDS).untilAsserted(() -> windowClosedLetters()
                .body("items.findAll { it.userId == '" + user + "' }.event.sort()",
                        equalTo(List.of("First Raced", "Second Raced"))));
        Ops.authorized().get("/ops/held").then().body("items.find { it.userId == '" + user + "' }", equalTo(null));
        assertTrue(Received.forUser(user).isEmpty());
    }

    private static ValidatableResponse windowClosedLetters() {
        return Ops.authorized().queryParam("reason", HoldBackLimitsTest.WINDOW_CLOSED).queryParam("limit", 500)
                .get("/ops/dead-letters").then();
    }
}
