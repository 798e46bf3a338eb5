package io.github.segment2cs.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.segment2cs.support.ScratchH2;
import io.github.segment2cs.support.ScratchPostgresql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The operators' counts ({@code /ops/stats}): what a table holds once its writers are done. */
class RowCountTest {

    @Test
    void onH2() throws SQLException {
        countsWhatIsCommitted(ScratchH2.dataSource("count"), false);
    }

    @Test
    void onPostgresql() throws SQLException {
        try (ScratchPostgresql postgresql = new ScratchPostgresql("s2cs_count")) {
            countsWhatIsCommitted(postgresql.dataSource(), true);
        }
    }

    void countsWhatIsCommitted(DataSource dataSource, boolean postgresql) throws SQLException {
        StateSchema.migrate(dataSource, postgresql);
        StateDatabase database = new StateDatabase(dataSource, postgresql, new StateOutage());
        InboxStore inbox = new InboxStore(database, new InstanceRegistry(database), Duration.ofHours(24));
        assertEquals(0, inbox.pending());

        inbox.accept(IntStream.range(0, 250).mapToObj(i -> new InboxStore.Accepted("key", "m-" + i, "u", i, "{}"))
                .toList());
        assertEquals(250, inbox.pending());

        List<Long> routed = inbox.claim(100, Duration.ofMinutes(1)).stream().map(InboxStore.Entry::id).toList();
        inbox.finish(routed, List.of(), List.of(), 0);
        assertEquals(150, inbox.pending());

        try (Connection writer = dataSource.getConnection()) {
            writer.setAutoCommit(false);
            Sql.update(writer, "DELETE FROM s2cs_inbox WHERE id IN (SELECT id FROM s2cs_inbox ORDER BY id LIMIT 50)");
            Sql.update(writer, "INSERT INTO s2cs_dead_letter (message_id, user_id, event_id, reason, attempts, "
                    + "first_failure_at, last_failure_at, message) VALUES ('d', 'u', 'e', 'why', 1, 0, 0, '{}')");
            writer.rollback();
        }
        assertEquals(150, inbox.pending(), "a writer that rolled back leaves the count as it was");
        assertEquals(0, new DeadLetterStore(database, inbox).count(null));
        assertEquals(0, database.rowCount("s2cs_outbox"));
        assertThrows(IllegalArgumentException.class, () -> database.rowCount("s2cs_inbox; DROP TABLE s2cs_inbox"));
    }
}
