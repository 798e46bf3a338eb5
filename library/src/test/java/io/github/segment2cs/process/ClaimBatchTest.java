package io.github.segment2cs.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.segment2cs.store.OutboxStore;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A claim's batch hands over everything queued before it was written, and nothing after. */
class ClaimBatchTest {

    static OutboxStore.Outgoing event(String messageId) {
        return new OutboxStore.Outgoing(messageId, "u1", "Signed Up", "{}", "{}");
    }

    @Test
    void eventsQueuedBeforeTheClaimIsWrittenAreWrittenWithItInOrder() {
        ClaimBatch batch = new ClaimBatch();
        batch.routed(7, null);
        assertTrue(batch.queue(event("m1")));
        batch.routed(8, null);
        assertTrue(batch.queue(event("m2")));

        ClaimBatch.Contents contents = batch.close();

        assertEquals(List.of(7L, 8L), contents.routed());
        assertEquals(List.of("m1", "m2"), contents.queued().stream().map(OutboxStore.Outgoing::messageId).toList());
    }

    @Test
    void anEventRoutedAfterTheClaimWasWrittenIsRefusedSoItsCallerQueuesItItself() {
        ClaimBatch batch = new ClaimBatch();
        batch.close();

        assertFalse(batch.queue(event("late")), "a released held event arriving late must not vanish in a written batch");
    }
}
