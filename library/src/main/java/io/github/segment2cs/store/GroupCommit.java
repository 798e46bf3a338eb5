package io.github.segment2cs.store;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Commits the small writes of concurrent callers together (group commit). Each caller queues its
 * write and takes the lock; whoever holds it runs every write queued so far in one transaction.
 * A caller returns only once its own write is committed, and throws if it could not be: nothing is
 * acknowledged early, so at most the callers waiting at a crash lose their write. A database
 * commit costs about the same for one write as for fifty, so under load this multiplies what the
 * callers get done; alone, a caller commits on its own at once.
 */
public class GroupCommit {

    /** Writes that go into one transaction at most. */
    static final int MAX_WRITES = 200;

    private final StateDatabase database;
    private final Queue<Write> queued = new ConcurrentLinkedQueue<>();
    private final ReentrantLock committing = new ReentrantLock();

    public GroupCommit(StateDatabase database) {
        this.database = database;
    }

    /** One caller's write, run inside the shared transaction. */
    public interface Statements {
        void run(java.sql.Connection connection) throws SQLException;
    }

    private static final class Write {
        final Statements statements;
        boolean done;
        RuntimeException failure;

        Write(Statements statements) {
            this.statements = statements;
        }
    }

    /** Runs the write in a transaction shared with the writes queued meanwhile, and waits for its commit. */
    public void commit(Statements statements) {
        Write write = new Write(statements);
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
    }

    private void runTogether(List<Write> writes) {
        database.inTransaction(connection -> {
            for (Write write : writes) {
                write.statements.run(connection);
            }
            return null;
        });
    }
}
