package io.github.segment2cs.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.segment2cs.support.ScratchH2;
import io.github.segment2cs.support.ScratchPostgresql;
import java.time.Duration;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Whether a backlog has reached a mark, as acceptance asks it while it waits for routing. */
class InboxBacklogTest {

    @Test
    void onH2() {
        answersByTheMessagesWaitingNotByTheSpanOfTheirIds(ScratchH2.dataSource("backlog"), false);
    }

    @Test
    void onPostgresql() throws Exception {
        try (ScratchPostgresql postgresql = new ScratchPostgresql("s2cs_backlog")) {
            answersByTheMessagesWaitingNotByTheSpanOfTheirIds(postgresql.dataSource(), true);
        }
    }

    void answersByTheMessagesWaitingNotByTheSpanOfTheirIds(DataSource dataSource, boolean postgresql) {
        StateSchema.migrate(dataSource, postgresql);
        StateDatabase database = new StateDatabase(dataSource, postgresql, new StateOutage());
        InboxStore inbox = new InboxStore(database, new InstanceRegistry(database), Duration.ofHours(24));
        assertFalse(inbox.pendingAtLeast(1), "an empty inbox");

        inbox.accept(IntStream.range(0, 30).mapToObj(i -> new InboxStore.Accepted("key", "m-" + i, "u" + i, i, "{}"))
                .toList());
        assertTrue(inbox.pendingAtLeast(30));
        assertFalse(inbox.pendingAtLeast(31));

        // Routed out of order (another user's lane went ahead): 10 are left, their ids 30 apart.
        database.inTransaction(connection -> Sql.update(connection, "DELETE FROM s2cs_inbox WHERE message_id <> 'm-29' "
                + "AND id NOT IN (SELECT id FROM s2cs_inbox ORDER BY id LIMIT 9)"));
        assertTrue(inbox.pendingAtLeast(10));
        assertFalse(inbox.pendingAtLeast(11), "ten messages wait, whatever the span of their ids");
        assertFalse(inbox.pendingAtLeast(20));
    }
}
