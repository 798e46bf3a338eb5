package io.github.segment2cs.process;

import static io.github.segment2cs.support.Segment.group;
import static io.github.segment2cs.support.Segment.unique;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.segment2cs.store.InboxStore;
import io.github.segment2cs.store.OutboxStore;
import io.github.segment2cs.store.Sql;
import io.github.segment2cs.store.StateDatabase;
import io.github.segment2cs.support.ClientSuccessMock;
import io.github.segment2cs.support.Received;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

/**
 * Work this instance claimed and could not finish (a run that failed when the database went away)
 * is taken up again by the next run, in seconds, instead of waiting out its lease (30 s for the
 * inbox, 5 minutes for the outbox). The work is left claimed the way such a run leaves it: claimed
 * through the store, by this instance, while the draining route is stopped, so that the route
 * cannot take it first.
 */
@QuarkusTest
@WithTestResource(ClientSuccessMock.class)
class ClaimsLeftBehindTest {

    @Inject
    StateDatabase database;

    @Inject
    InboxStore inbox;

    @Inject
    OutboxStore outbox;

    @Inject
    CamelContext camel;

    @Test
    void aDeliveryLeftClaimedByThisInstanceIsSentWithinSeconds() throws Exception {
        String event = unique("Left-Claimed");
        String messageId = unique("m");
        long now = System.currentTimeMillis();
        leftClaimedWhileStopped("s2cs-drain-outbox", () -> {
            database.inTransaction(connection -> Sql.update(connection, "INSERT INTO s2cs_outbox (message_id, user_id, "
                    + "event_id, payload, message, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?)", messageId,
                    "left-user", event, "{\"value\":1}", "{}", now, now));
            assertTrue(outbox.claimDue(1_000, Duration.ofMinutes(5)).stream().anyMatch(p -> messageId.equals(p.messageId())),
                    "claimed, and left so");
        });

        await().atMost(5, SECONDS).until(() -> Received.all().stream().anyMatch(r -> event.equals(r.eventId())));
    }

    @Test
    void aMessageLeftClaimedInTheInboxByThisInstanceIsRoutedWithinSeconds() throws Exception {
        String user = unique("left-inbox");
        group(user, unique("g"), "Left Org");
        String event = unique("Left Routed");
        String messageId = unique("m");
        long now = System.currentTimeMillis();
        leftClaimedWhileStopped("s2cs-drain-inbox", () -> {
            database.inTransaction(connection -> Sql.update(connection, "INSERT INTO s2cs_inbox (source, message_id, "
                    + "received_at, message) VALUES (?, ?, ?, ?)", "test", messageId, now,
                    "{\"type\":\"track\",\"userId\":\"" + user + "\",\"messageId\":\"" + messageId + "\",\"event\":\""
                            + event + "\",\"receivedAt\":\"" + Instant.ofEpochMilli(now) + "\"}"));
            assertTrue(inbox.claim(1_000, Duration.ofSeconds(30)).stream().anyMatch(e -> messageId.equals(e.messageId())),
                    "claimed, and left so");
        });

        await().atMost(5, SECONDS).until(() -> Received.forUser(user).stream().anyMatch(r -> event.equals(r.eventId())));
    }

    /** Runs {@code leave} while the draining route is stopped, as a run that ended on an error leaves its claim. */
    private void leftClaimedWhileStopped(String drainingRoute, Runnable leave) throws Exception {
        camel.getRouteController().stopRoute(drainingRoute);
        try {
            leave.run();
        } finally {
            camel.getRouteController().startRoute(drainingRoute);
        }
    }
}
