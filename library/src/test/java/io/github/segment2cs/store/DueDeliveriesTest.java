package io.github.segment2cs.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.segment2cs.support.ScratchH2;
import io.github.segment2cs.support.ScratchPostgresql;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Whether enough deliveries are due to reach a mark, as routing asks it while it waits for delivery. */
class DueDeliveriesTest {

    @Test
    void onH2() {
        countsOnlyTheDeliveriesDueNow(ScratchH2.dataSource("due"), false);
    }

    @Test
    void onPostgresql() throws Exception {
        try (ScratchPostgresql postgresql = new ScratchPostgresql("s2cs_due")) {
            countsOnlyTheDeliveriesDueNow(postgresql.dataSource(), true);
        }
    }

    void countsOnlyTheDeliveriesDueNow(DataSource dataSource, boolean postgresql) {
        StateSchema.migrate(dataSource, postgresql);
        StateDatabase database = new StateDatabase(dataSource, postgresql, new StateOutage());
        OutboxStore outbox = new OutboxStore(database, new InstanceRegistry(database), new GroupCommit(database, 1));
        assertFalse(outbox.dueAtLeast(1), "an empty outbox");

        for (int i = 0; i < 12; i++) {
            outbox.enqueue(new OutboxStore.Outgoing("m-" + i, "u" + i, "Signed Up", "{}", "{}"), 0);
        }
        assertTrue(outbox.dueAtLeast(12));
        assertFalse(outbox.dueAtLeast(13));

        // Two failed and wait for their next attempt: twelve rows, ten of them due.
        List<OutboxStore.Pending> claimed = outbox.claimDue(2, Duration.ofMinutes(1));
        long later = System.currentTimeMillis() + 60_000;
        claimed.forEach(pending -> outbox.retryAt(pending.id(), later, 503, "Service Unavailable"));
        assertTrue(outbox.dueAtLeast(10), "claimed or not, a due delivery is due");
        assertFalse(outbox.dueAtLeast(11), "deliveries waiting for their next attempt are not due");
    }
}
