package io.github.segment2cs.process;

import static io.github.segment2cs.support.Segment.group;
import static io.github.segment2cs.support.Segment.unique;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;

import io.github.segment2cs.store.InstanceRegistry;
import io.github.segment2cs.store.Sql;
import io.github.segment2cs.store.StateDatabase;
import io.github.segment2cs.support.ClientSuccessMock;
import io.github.segment2cs.support.Received;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Work this instance claimed and could not finish (a run that failed when the database went away)
 * is taken up again by the next run, in seconds, instead of waiting out its lease (30 s for the
 * inbox, 5 minutes for the outbox).
 */
@QuarkusTest
@WithTestResource(ClientSuccessMock.class)
class ClaimsLeftBehindTest {

    @Inject
    StateDatabase database;

    @Inject
    InstanceRegistry instance;

    @Test
    void aDeliveryLeftClaimedByThisInstanceIsSentWithinSeconds() {
        String event = unique("Left-Claimed");
        long now = System.currentTimeMillis();
        database.inTransaction(connection -> Sql.update(connection, "INSERT INTO s2cs_outbox (message_id, user_id, event_id, "
                + "payload, message, created_at, next_attempt_at, owner, lease_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                unique("m"), "left-user", event, "{\"value\":1}", "{}", now, now, instance.id(), now + 300_000));

        await().atMost(5, SECONDS).until(() -> Received.all().stream().anyMatch(r -> event.equals(r.eventId())));
    }

    @Test
    void aMessageLeftClaimedInTheInboxByThisInstanceIsRoutedWithinSeconds() {
        String user = unique("left-inbox");
        group(user, unique("g"), "Left Org");
        String event = unique("Left Routed");
        String messageId = unique("m");
        long now = System.currentTimeMillis();
        database.inTransaction(connection -> Sql.update(connection, "INSERT INTO s2cs_inbox (source, message_id, "
                + "received_at, message, owner, lease_until) VALUES (?, ?, ?, ?, ?, ?)", "test", messageId, now,
                "{\"type\":\"track\",\"userId\":\"" + user + "\",\"messageId\":\"" + messageId + "\",\"event\":\""
                        + event + "\",\"receivedAt\":\"" + Instant.ofEpochMilli(now) + "\"}", instance.id(), now + 30_000));

        await().atMost(5, SECONDS).until(() -> Received.forUser(user).stream().anyMatch(r -> event.equals(r.eventId())));
    }
}
