package io.github.segment2cs.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;

/**
 * Claims on the rows of a table in a database that only this process opens (the embedded H2 file,
 * {@link StateDatabase#ownedByThisProcess}), kept in memory rather than written to the rows.
 * <p>
 * A claim written to its rows serves other instances, which skip them, and a restart, which frees
 * the claims of an instance that died. Neither applies to a file only this process opens: a
 * restart forgets memory as it does a dead instance. Writing a claim rewrites each claimed row
 * whole, message included, and its entry in the owner index, and H2 serializes each page that
 * changed at the next file write; kept in memory, routing took a tenth to a third less CPU per
 * event (README, "What each step gave"). The leases mean the same here as in the rows: a claim
 * whose lease ended may be claimed again.
 */
final class ClaimsInMemory {

    /** The end of each claimed row's lease (epoch milliseconds), by the row's id. */
    private final Map<Long, Long> leaseEnds = new ConcurrentHashMap<>();

    /**
     * How many rows are claimed: a claim's query reads this many rows more than it needs, because
     * it cannot see the claims and passes over those it meets.
     */
    int claimed() {
        return leaseEnds.size();
    }

    /**
     * Claims, in the order given, up to {@code limit} of the {@code rows} that are not claimed now,
     * until {@code leaseEnd}; returns those. Each row is claimed atomically, so of two callers given
     * the same rows, one takes each.
     */
    <T> List<T> claim(List<T> rows, ToLongFunction<T> id, int limit, long now, long leaseEnd) {
        List<T> claimed = new ArrayList<>(Math.min(limit, rows.size()));
        for (T row : rows) {
            if (claimed.size() == limit) {
                break;
            }
            boolean[] taken = new boolean[1];
            leaseEnds.compute(id.applyAsLong(row), (key, end) -> {
                taken[0] = end == null || end < now;
                return taken[0] ? leaseEnd : end;
            });
            if (taken[0]) {
                claimed.add(row);
            }
        }
        return claimed;
    }

    /** The rows were finished (their change committed) or given back: they may be claimed again, if still there. */
    void release(Collection<Long> ids) {
        ids.forEach(leaseEnds::remove);
    }

    void release(long id) {
        leaseEnds.remove(id);
    }

    /** Frees every claim; returns how many there were. */
    int releaseAll() {
        int count = leaseEnds.size();
        leaseEnds.clear();
        return count;
    }
}
