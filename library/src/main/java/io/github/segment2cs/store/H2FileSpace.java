package io.github.segment2cs.store;

import org.h2.mvstore.MVStore;

/**
 * Keeps an embedded H2 file within a few times the size of the data it holds, under sustained load:
 * one steady sender of about 2,000 events/s grew the file to 5.2 GB in 100 s without this class, 33
 * times its live data, and to 509 MB with it, 4.7 times (README, "Disk").
 * <p>
 * H2 never overwrites a page in place: each write appends the pages it changed as a new chunk,
 * and a chunk's space is reused only once none of its pages is live. Two things free it, and
 * {@link H2FileWrites} turns off the background thread that normally does both:
 * <ul>
 * <li>A dead chunk waits out H2's retention time (45 s), because the writes that superseded it may
 * still sit in the operating system's buffers. Here every write is synced, so a chunk may be reused
 * as soon as the synced write that superseded it: {@link #synced} pins the version last synced, the
 * retention time is 0, and H2 reuses no chunk that died after the pinned version.</li>
 * <li>Most chunks keep a few live pages for good, so they never die on their own: with the first
 * point alone, that sender's file still grew to 4.3 GB, 3 % of it live. So {@link #synced} also
 * rewrites the live pages of the emptiest chunks, a bounded amount at a time, while less than half
 * of the chunks' bytes are live.</li>
 * </ul>
 */
final class H2FileSpace {

    /** Rewrite chunks while less than this share of the file's chunks is live. */
    private static final int COMPACT_BELOW_LIVE_PERCENT = 50;
    /** Live bytes rewritten at most per compaction: each holds H2's store lock while it runs (~10 ms per MB). */
    private static final int COMPACT_BYTES = 1 << 20;
    private static final long COMPACT_INTERVAL_NANOS = 100_000_000L;

    private MVStore pinnedStore;
    private MVStore.TxCounter pinnedVersion;
    private long lastCompaction = System.nanoTime() - COMPACT_INTERVAL_NANOS;

    /** With chunks reused as soon as {@link #synced} allows: the setting is per open file. */
    static void reuseWhenSynced(MVStore store) {
        if (store.getRetentionTime() != 0) {
            store.setRetentionTime(0);
        }
    }

    /**
     * After every commit up to now was written and synced (by the caller, under its write lock):
     * chunks that died before now may be reused, and the emptiest chunks are compacted when due.
     */
    void synced(MVStore store) {
        MVStore.TxCounter now = store.registerVersionUsage();
        if (pinnedStore == store) {
            store.deregisterVersionUsage(pinnedVersion);
        }
        pinnedStore = store;
        pinnedVersion = now;
        long time = System.nanoTime();
        if (time - lastCompaction >= COMPACT_INTERVAL_NANOS) {
            lastCompaction = time;
            // Moves live pages out of the emptiest chunks into the next write; H2 reuses the emptied
            // chunks once that write is synced and pinned in turn.
            compact(store);
        }
    }

    /**
     * The caller's commits are on file before this runs, so a compaction interrupted while it
     * waited for H2's store lock (H2 wraps the InterruptedException) is skipped, not reported as
     * their failure, and the interrupt is kept for the caller. Any other failure of a compaction
     * makes H2 close the store, which the next write reports.
     */
    private static void compact(MVStore store) {
        try {
            store.compact(COMPACT_BELOW_LIVE_PERCENT, COMPACT_BYTES);
        } catch (RuntimeException e) {
            if (!(e.getCause() instanceof InterruptedException)) {
                throw e;
            }
            Thread.currentThread().interrupt();
        }
    }
}
