package io.github.segment2cs.holdback;

import static io.github.segment2cs.support.Segment.track;
import static io.github.segment2cs.support.Segment.unique;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;

import io.github.segment2cs.support.CapturedLog;
import io.github.segment2cs.support.ClientSuccessMock;
import io.github.segment2cs.support.Ops;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every dead letter leaves a WARN naming the message and the reason, whichever way it got there:
 * the hold window, the per-user cap, or an operator. (Runs in the test's own JVM to read the log.)
 */
@QuarkusTest
@WithTestResource(ClientSuccessMock.class)
@TestProfile(HoldBackLimitsTest.ShortWindowSmallCap.class)
class DeadLetterLogTest {

    CapturedLog log;

    @BeforeEach
    void listen() {
        log = new CapturedLog("io.github.segment2cs").start();
    }

    @AfterEach
    void stopListening() {
        log.stop();
    }

    @Test
    void holdBackDeadLettersAreLogged() {
        String windowed = unique("m-window");
        track(unique("log-lonely"), windowed, "Logged Window", "2026-11-28T10:00:00.000Z");
        String capped = unique("m-capped");
        String chatty = unique("log-chatty");
        track(chatty, capped, "Logged First", "2026-11-28T10:00:00.000Z");
        track(chatty, unique("m"), "Logged Second", "2026-11-28T10:01:00.000Z");
        track(chatty, unique("m"), "Logged Third", "2026-11-28T10:02:00.000Z");
        String expired = unique("m-expired");
        String idle = unique("log-idle");
        track(idle, expired, "Logged Expired", "2026-11-28T10:00:00.000Z");
        await().atMost(5, SECONDS).until(() -> Ops.authorized().post("/ops/held/" + idle + "/expire").statusCode() == 200);

        await().atMost(15, SECONDS).until(() -> logged(capped, "over the cap of 2")
                && logged(expired, "expired by an operator") && logged(windowed, HoldBackLimitsTest.WINDOW_CLOSED));
    }

    boolean logged(String messageId, String reason) {
        return log.messagesFrom(Level.WARNING).stream().anyMatch(line -> line.contains(messageId) && line.contains(reason));
    }
}
