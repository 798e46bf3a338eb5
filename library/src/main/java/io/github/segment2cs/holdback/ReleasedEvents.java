package io.github.segment2cs.holdback;

import io.github.segment2cs.store.StateDatabase;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The body of a completed hold-back aggregate: the released events, oldest first, read from the
 * database a chunk at a time while the route splits them. However many events a user had held,
 * only one chunk is in memory.
 */
final class ReleasedEvents implements Iterable<Map<String, Object>> {

    static final int CHUNK = 100;

    private final StateDatabase database;
    private final HeldEventRows rows;
    private final String userId;
    private final String releaseId;

    public ReleasedEvents(StateDatabase database, HeldEventRows rows, String userId, String releaseId) {
        this.database = database;
        this.rows = rows;
        this.userId = userId;
        this.releaseId = releaseId;
    }

    @Override
    public Iterator<Map<String, Object>> iterator() {
        return new Iterator<>() {
            private final Deque<HeldEventRows.Row> chunk = new ArrayDeque<>();
            private HeldEventRows.Row last = HeldEventRows.Row.START;
            private boolean exhausted;

            @Override
            public boolean hasNext() {
                if (chunk.isEmpty() && !exhausted) {
                    List<HeldEventRows.Row> next = database.inTransaction(
                            connection -> rows.releasedAfter(connection, userId, releaseId, last, CHUNK));
                    exhausted = next.size() < CHUNK;
                    chunk.addAll(next);
                }
                return !chunk.isEmpty();
            }

            @Override
            public Map<String, Object> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                last = chunk.removeFirst();
                return last.item();
            }
        };
    }

    @Override
    public String toString() {
        return "events released from hold for user " + userId;
    }
}
