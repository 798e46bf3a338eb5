package io.github.segment2cs.store;

import java.sql.SQLException;
import java.util.Set;

/** A database failure; the caller's exchange fails and the work is retried or dead-lettered. */
public class StateException extends RuntimeException {

    public StateException(SQLException cause) {
        super("State database error: " + cause.getMessage(), cause);
    }

    /**
     * SQLState classes of a failure caused by the data written, where the same write fails again:
     * 22 a value (too long, invalid), 23 a constraint, 54 a program limit (an index row too large).
     */
    private static final Set<String> DATA_CLASSES = Set.of("22", "23", "54");

    /**
     * The failure as the callers must treat it: a plain StateException when it lies in the data
     * (the classes above): the work is refused (500 at receipt) or parked as a dead letter while
     * routing. Anything else is a {@link StateUnavailable}, to be tried again later: no SQLState at
     * all (the pool cannot connect), a connection failure, a rollback (deadlock, serialization), no
     * resources, a shutdown, H2's I/O and closed-database errors, and also a database the service
     * cannot use as it is (a missing table, a refused permission), which an operator must mend:
     * the work waits for that rather than being parked.
     */
    public static StateException of(SQLException failure) {
        String state = failure.getSQLState();
        boolean data = state != null && state.length() >= 2 && DATA_CLASSES.contains(state.substring(0, 2));
        return data ? new StateException(failure) : new StateUnavailable(failure);
    }

    /** The database's own words for the failure: its first line, without the statement H2 appends. */
    public String reason() {
        String text = String.valueOf(getCause() != null ? getCause().getMessage() : getMessage());
        text = text.lines().findFirst().orElse("");
        int statement = text.indexOf("; SQL statement:");
        return statement < 0 ? text : text.substring(0, statement);
    }

    /** Whether the failure lies in the data written (see {@link #of}), rather than in the database. */
    public static boolean causedByTheData(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().length() >= 2) {
                return DATA_CLASSES.contains(sql.getSQLState().substring(0, 2));
            }
        }
        return false;
    }
}
