package io.github.segment2cs.process;

import static io.github.segment2cs.support.Segment.unique;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.segment2cs.store.DeadLetterStore;
import io.github.segment2cs.store.InboxStore;
import io.github.segment2cs.support.CapturedLog;
import io.github.segment2cs.support.ClientSuccessMock;
import io.github.segment2cs.support.Ops;
import io.github.segment2cs.support.Received;
import io.github.segment2cs.support.Segment;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A message the store cannot take (here: recorded before receipt checked its limits, as by an
 * earlier version) is parked as a dead letter with the reason, once; the rest of its claim is
 * routed, and nothing stays in the inbox to fail again every run.
 */
@QuarkusTest
@WithTestResource(ClientSuccessMock.class)
class DataErrorsAreParkedTest {

    @Inject
    InboxStore inbox;

    @Inject
    DeadLetterStore deadLetters;

    CapturedLog log;

    @BeforeEach
    void listen() {
        log = new CapturedLog("").start();
    }

    @AfterEach
    void stopListening() {
        log.stop();
    }

    @Test
    void aValueTooLongForItsColumnIsParkedNotRetriedForEver() {
        String longUser = "u".repeat(300);
        String grouped = unique("u-beside");
        Segment.group(grouped, "g-data-error", "Data Error Org");
        String held = unique("m-held-long");
        String queued = unique("m-queued-long");
        String nul = unique("m-nul");
        String good = unique("m-good");
        inbox.accept(List.of(
                // Held (no group): the user's row cannot be written.
                legacy(held, "{\"type\":\"track\",\"userId\":\"" + longUser + "\",\"event\":\"E\",\"messageId\":\""
                        + held + "\"}"),
                // Sent for a known organization: only the outbox row cannot be written, at the claim's end.
                legacy(queued, "{\"type\":\"track\",\"userId\":\"" + longUser + "\",\"event\":\"E\",\"messageId\":\""
                        + queued + "\",\"context\":{\"groupId\":\"g-data-error\"}}"),
                // An event name PostgreSQL's text cannot hold.
                legacy(nul, "{\"type\":\"track\",\"userId\":\"" + grouped + "\",\"event\":\"N\\u0000L\",\"messageId\":\""
                        + nul + "\"}"),
                legacy(good, "{\"type\":\"track\",\"userId\":\"" + grouped + "\",\"event\":\"Fine\",\"messageId\":\""
                        + good + "\"}")));

        await().atMost(10, SECONDS).until(() -> Received.forUser(grouped).size() == 1);
        await().atMost(10, SECONDS).untilAsserted(() -> Ops.authorized().get("/ops/dead-letters").then()
                .body("items.find { it.messageId == '" + held + "' }.reason", startsWith("the store cannot take"))
                .body("items.find { it.messageId == '" + queued + "' }.reason", startsWith("the store cannot take"))
                .body("items.find { it.messageId == '" + nul + "' }.reason", startsWith("processing failed")));
        await().atMost(5, SECONDS).until(() -> inbox.pending() == 0);

        // Each is one WARN line naming the message and the reason, and nothing is logged as an ERROR.
        for (String parked : List.of(held, queued)) {
            assertEquals(1, log.messagesFrom(Level.WARNING).stream()
                    .filter(line -> line.contains(parked) && line.contains("the store cannot take")).count(), parked);
        }
        assertEquals(List.of(), log.messagesFrom(Level.SEVERE));
    }

    @Test
    void aRecordedMessageThatCannotBeReadIsParkedAsText() {
        String messageId = unique("m-unreadable");
        inbox.accept(List.of(new InboxStore.Accepted("legacy", messageId, null, System.currentTimeMillis(),
                "{\"type\":\"track\",\"userId\":" + "[".repeat(1500))));

        await().atMost(10, SECONDS).untilAsserted(() -> Ops.authorized().get("/ops/dead-letters").then()
                .body("items.find { it.messageId == '" + messageId + "' }.reason", startsWith("processing failed"))
                .body("items.find { it.messageId == '" + messageId + "' }.message", startsWith("{\"type\"")));
        await().atMost(5, SECONDS).until(() -> inbox.pending() == 0);
    }

    @Test
    void aDeadLetterNestedDeeperThanAnyParserTakesIsStillListed() {
        String messageId = unique("m-deep");
        String deep = "{\"type\":\"track\",\"userId\":\"u\",\"messageId\":\"" + messageId + "\",\"properties\":"
                + "[".repeat(1500) + "]".repeat(1500) + "}";
        deadLetters.park(new DeadLetterStore.NewDeadLetter(messageId, "u", "E", "deep test", null, null, 0, 0, deep));

        String page = Ops.authorized().queryParam("reason", "deep test").get("/ops/dead-letters").then()
                .statusCode(200).extract().asString();
        assertTrue(page.contains(messageId), page.substring(0, Math.min(page.length(), 300)));
    }

    /** As an earlier version recorded it: with the time of receipt, without receipt's limits. */
    static InboxStore.Accepted legacy(String messageId, String json) {
        String received = json.substring(0, json.length() - 1) + ",\"receivedAt\":\"" + java.time.Instant.now() + "\"}";
        return new InboxStore.Accepted("legacy", messageId, null, System.currentTimeMillis(), received);
    }
}
