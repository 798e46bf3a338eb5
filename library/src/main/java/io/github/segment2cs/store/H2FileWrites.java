package io.github.segment2cs.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.h2.engine.Session;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

/**
 * When an embedded H2 file this process owns is written: only when a caller must know its commits
 * are on file ({@link #await}), when H2's unsaved pages pass its memory limit, and at least once a
 * second while transactions run.
 * <p>
 * With {@code WRITE_DELAY=0} H2 writes the file at every commit, and each write serializes every
 * page the commit changed: for a commit of one small row, most of its cost. Here commits stay in
 * memory until someone must answer the world (a sender, ClientSuccess's outcome, an operator);
 * one write then covers every commit made before it began, so the callers waiting meanwhile share
 * it (group commit), each on its own thread. The write is synced to the disk before anyone is told,
 * so what was told survives a power failure too. Work nobody was told about (routing, claims) rides
 * along with the next write; lost to a crash, it is done again, as after a crash between commits.
 * H2's background writer ({@code WRITE_DELAY} above 0) could still be writing when a caller is
 * told, so it is never used: the delay is 0 (each commit written at once) until this class sets
 * -1 (no background writer, each write in the thread that asks for it), and a URL that sets
 * another delay is refused. That writer also kept the file's size in check; {@link H2FileSpace}
 * does that after each write here.
 */
final class H2FileWrites {

    /** MVStore's delay for "no background writes": commits are written when asked or when memory is short. */
    private static final int ONLY_WHEN_ASKED = -1;
    /**
     * A transaction that starts this long after the last write writes the file itself: work nobody
     * is told about (claims, heartbeats) asks for no write, and the file reuses no space until a
     * write is synced.
     */
    private static final long OVERDUE_NANOS = 1_000_000_000L;

    private final DataSource dataSource;
    /** The store each thread's latest transaction committed to: the one its await must write. */
    private final ThreadLocal<MVStore> used = new ThreadLocal<>();
    private final AtomicLong asked = new AtomicLong();
    /** Fair: under a flood of senders, a delivery outcome waiting to be written keeps its turn. */
    private final ReentrantLock writing = new ReentrantLock(true);
    /** The last ticket whose commits are on file, and the store they went to; guarded by {@link #writing}. */
    private long written;
    private MVStore writtenStore;
    private volatile long writtenAt = System.nanoTime();
    private final H2FileSpace space = new H2FileSpace();

    H2FileWrites(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * From now on, H2 writes the file only when asked or when its unsaved pages pass its memory
     * limit. Checked on every transaction: H2 applies the URL's {@code WRITE_DELAY=0} again to each
     * connection it opens, and after it reopened the file. That setting is the safe one meanwhile
     * (every commit written at once), and keeps H2 from ever writing in the background.
     */
    void onlyWhenAsked(Connection connection) throws SQLException {
        MVStore store = storeOf(connection);
        if (store != null) {
            onlyWhenAsked(store);
            used.set(store);
            if (System.nanoTime() - writtenAt > OVERDUE_NANOS && writing.tryLock()) {
                try {
                    writeAll(store);
                } finally {
                    writing.unlock();
                }
            }
        }
    }

    /**
     * Returns once every transaction the calling thread committed before is on file. Callers that
     * wait while a write runs are covered together by the next. The write goes to the store the
     * thread's last transaction used, so it needs no connection and never waits for the pool while
     * others wait for it (a thread that committed nothing takes one, before it waits).
     */
    void await() throws SQLException {
        long ticket = asked.incrementAndGet();
        MVStore last = used.get();
        MVStore mine = last != null ? last : current();
        if (mine == null) {
            return;
        }
        writing.lock();
        try {
            if (written >= ticket && writtenStore == mine) {
                return;
            }
            writeAll(mine);
        } finally {
            writing.unlock();
        }
    }

    /** Writes and syncs every commit made so far; with {@link #writing} held. */
    private void writeAll(MVStore store) throws SQLException {
        // Read before the write starts: every ticket up to here was taken after its commit.
        long upTo = asked.get();
        write(store);
        written = upTo;
        writtenStore = store;
        writtenAt = System.nanoTime();
        try {
            space.synced(store);
        } catch (MVStoreException e) {
            // Closed meanwhile (at shutdown, or by H2 after a failure the next write reports): nothing to keep.
            if (!store.isClosed()) {
                throw e;
            }
        }
    }

    private static void write(MVStore store) throws SQLException {
        try {
            store.commit();
            store.sync();
        } catch (MVStoreException e) {
            throw new SQLException("The state file could not be written: " + e.getMessage(), "08000", e);
        }
        // A store H2 closed (after it failed to write, or at shutdown) writes nothing and says nothing.
        // At shutdown the close wrote it all, but the caller cannot know: it is refused, and sent again.
        if (store.isClosed()) {
            throw new SQLException("The state file was closed before these commits were written", "08000");
        }
    }

    /** The store of the database now, for a thread that committed nothing itself. */
    private MVStore current() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return storeOf(connection);
        }
    }

    private static void onlyWhenAsked(MVStore store) {
        int delay = store.getAutoCommitDelay();
        if (delay > 0) {
            // Its background writer may be writing when a caller is told; new connections would start it again.
            throw new IllegalStateException("The state's H2 URL sets WRITE_DELAY=" + delay + "; it must set WRITE_DELAY=0");
        }
        if (delay != ONLY_WHEN_ASKED) {
            store.setAutoCommitDelay(ONLY_WHEN_ASKED);
        }
        H2FileSpace.reuseWhenSynced(store);
    }

    /** The embedded database's store behind the connection, or null for a server's or another database. */
    static MVStore storeOf(Connection connection) throws SQLException {
        if (!connection.isWrapperFor(JdbcConnection.class)) {
            return null;
        }
        Session session = connection.unwrap(JdbcConnection.class).getSession();
        return session instanceof SessionLocal local && local.getDatabase().getStore() != null
                ? local.getDatabase().getStore().getMvStore() : null;
    }
}
