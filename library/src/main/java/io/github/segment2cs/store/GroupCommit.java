package io.github.segment2cs.store;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits the small writes of concurrent callers together (group commit). Each caller queues its
 * write; whoever holds the lock runs every write queued so far in one transaction. A database
 * commit costs about as much for one write as for twenty (on H2, a delivered outcome committed
 * alone took about four times the CPU of one committed among twenty), so sharing commits
 * multiplies what the callers get done.
 * <p>
 * {@link #commit} returns only once the caller's own write is committed, and throws if it could not
 * be. {@link #commitLater} returns at once: a committer thread gathers such writes for a moment and
 * commits them together, then tells each caller how its write went; {@link #flush} waits for all of
 * them. The caller decides what may happen before its write is committed.
 */
public class GroupCommit {

    /** Writes that go into one transaction at most. */
    static final int MAX_WRITES = 200;

    /**
     * How long the committer lets writes handed to {@link #commitLater} gather before it commits
     * them, unless enough have gathered sooner.
     */
    static final Duration GATHER = Duration.ofMillis(3);

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

    private final StateDatabase database;
    private final long gatherNanos;
    /** How many writes handed to commitLater are enough to commit at once. */
    private final int enough;
    private final AtomicInteger gathered = new AtomicInteger();
    /** The thread gathering now, woken when enough have gathered. */
    private volatile Thread gathering;
    private final Queue<Write> queued = new ConcurrentLinkedQueue<>();
    private final ReentrantLock committing = new ReentrantLock();
    private final AtomicBoolean committerDue = new AtomicBoolean();
    /** One thread, started when needed and ended after a second without work. */
    private final ThreadPoolExecutor committer = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), task -> {
                Thread thread = new Thread(task, "s2cs-group-commit");
                thread.setDaemon(true);
                return thread;
            });

    /**
     * {@code enough}: how many writes handed to {@link #commitLater} are committed without waiting
     * for the rest of {@link #GATHER}. Their callers may be waiting on them (a delivery's place is
     * held until its outcome is written), so a full gather would hold them up for nothing.
     */
    public GroupCommit(StateDatabase database, int enough) {
        this(database, GATHER, enough);
    }

    GroupCommit(StateDatabase database, Duration gather, int enough) {
        this.database = database;
        this.gatherNanos = gather.toNanos();
        this.enough = enough;
        committer.allowCoreThreadTimeOut(true);
    }

    /** One caller's write, run inside the shared transaction. */
    public interface Statements {
        void run(java.sql.Connection connection) throws SQLException;
    }

    private static final class Write {
        final Statements statements;
        /** Told the outcome of a write handed to commitLater: null once committed, else the failure. */
        final Consumer<RuntimeException> then;
        boolean done;
        RuntimeException failure;

        Write(Statements statements, Consumer<RuntimeException> then) {
            this.statements = statements;
            this.then = then;
        }
    }

    /** Runs the write in a transaction shared with the writes queued meanwhile, and waits for its commit. */
    public void commit(Statements statements) {
        Write write = new Write(statements, null);
        queued.add(write);
        committing.lock();
        try {
            while (!write.done) {
                commitQueued();
            }
        } finally {
            committing.unlock();
        }
        if (write.failure != null) {
            throw write.failure;
        }
    }

    /**
     * Queues the write and returns at once; within a few milliseconds it is committed together with
     * the others queued meanwhile, and {@code then} receives null, or the failure if it could not be.
     */
    public void commitLater(Statements statements, Consumer<RuntimeException> then) {
        queued.add(new Write(statements, then));
        Thread waiting = gathering;
        if (gathered.incrementAndGet() >= enough && waiting != null) {
            LockSupport.unpark(waiting);
        }
        if (committerDue.compareAndSet(false, true)) {
            committer.execute(this::commitGathered); // never refused: the executor is never shut down, its queue unbounded
        }
    }

    private void commitGathered() {
        gathering = Thread.currentThread();
        long until = System.nanoTime() + gatherNanos;
        for (long left = gatherNanos; left > 0 && gathered.get() < enough; left = until - System.nanoTime()) {
            LockSupport.parkNanos(this, left);
        }
        gathering = null;
        gathered.set(0);
        committerDue.set(false);
        flush();
    }

    /** Commits every write queued so far; returns once each is committed or has failed. */
    public void flush() {
        committing.lock();
        try {
            while (!queued.isEmpty()) {
                commitQueued();
            }
        } finally {
            committing.unlock();
        }
    }

    private void commitQueued() {
        List<Write> batch = new ArrayList<>();
        for (Write next = queued.poll(); next != null; next = batch.size() < MAX_WRITES ? queued.poll() : null) {
            batch.add(next);
        }
        try {
            runTogether(batch);
        } catch (RuntimeException together) {
            if (batch.size() == 1 || !StateException.causedByTheData(together)) {
                batch.forEach(write -> write.failure = together);
            } else {
                // One bad write must not fail the others: each is tried again alone.
                for (Write write : batch) {
                    try {
                        runTogether(List.of(write));
                    } catch (RuntimeException alone) {
                        write.failure = alone;
                    }
                }
            }
        }
        batch.forEach(write -> write.done = true);
        // The failed first: a caller that gives something back when told (a delivery's place) does
        // so only after every failure of the batch is known.
        batch.stream().filter(write -> write.failure != null).forEach(GroupCommit::tell);
        batch.stream().filter(write -> write.failure == null).forEach(GroupCommit::tell);
    }

    private static void tell(Write write) {
        if (write.then == null) {
            return;
        }
        try {
            write.then.accept(write.failure);
        } catch (RuntimeException e) {
            // One caller's failure must not keep the others from being told, nor fail the committer.
            LOG.error("A caller failed on hearing how its write went", e);
        }
    }

    /** Runs the writes in one transaction; returns once they are durable, as their callers are told next. */
    private void runTogether(List<Write> writes) {
        database.inDurableTransaction(connection -> {
            for (Write write : writes) {
                write.statements.run(connection);
            }
            return null;
        });
    }
}
