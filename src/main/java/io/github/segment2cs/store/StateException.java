package io.github.segment2cs.store;

import java.sql.SQLException;

/** A database failure; the caller's exchange fails and the work is retried or dead-lettered. */
public class StateException extends RuntimeException {

    public StateException(SQLException cause) {
        super("State database error: " + cause.getMessage(), cause);
    }

    /**
     * The failure as the callers must treat it: a {@link StateUnavailable} when the database itself
     * failed, or a plain StateException when the same work would fail again (the data, or the
     * statement: SQLState class 42, a syntax error or a missing table).
     */
    public static StateException of(SQLException failure) {
        String state = failure.getSQLState() == null ? "" : failure.getSQLState();
        return causedByTheData(failure) || state.startsWith("42") ? new StateException(failure)
                : new StateUnavailable(failure);
    }

    /**
     * Whether the failure lies in the data written (SQLState class 22 or 23: a value too long, a
     * constraint), rather than in the database itself (unreachable, closed, out of space), where
     * the same write may succeed later.
     */
    public static boolean causedByTheData(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("23");
            }
        }
        return false;
    }
}
