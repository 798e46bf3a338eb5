package io.github.segment2cs.store;

import java.sql.SQLException;
import java.util.Set;

/** A database failure; the caller's exchange fails and the work is retried or dead-lettered. */
public class StateException extends RuntimeException {

    public StateException(SQLException cause) {
        super("State database error: " + cause.getMessage(), cause);
    }

    /**
     * SQLState classes of a database that could not be used at all, where the same work succeeds
     * later: 08 the connection, 40 a transaction rolled back (deadlock, serialization), 53 resources
     * (disk, memory, connections), 57 an operator (shutdown), 58 the system (I/O), HY H2's general
     * error (a file it could not write).
     */
    private static final Set<String> UNAVAILABLE_CLASSES = Set.of("08", "40", "53", "57", "58", "HY");
    /**
     * H2's own codes for the same: closed, I/O, closing at shutdown, connection broken, and a
     * concurrent update (transient, like class 40); PostgreSQL's lock not available.
     */
    private static final Set<String> UNAVAILABLE_STATES = Set.of("90098", "90028", "90121", "90067", "90131",
            "55P03");

    /**
     * The failure as the callers must treat it: a {@link StateUnavailable} when the database itself
     * could not be used (no SQLState at all, as when the pool cannot connect, or one of the states
     * above), and a plain StateException otherwise: the data or the statement, where the same work
     * would fail again.
     */
    public static StateException of(SQLException failure) {
        String state = failure.getSQLState();
        boolean unavailable = state == null || state.length() < 2 || UNAVAILABLE_STATES.contains(state)
                || UNAVAILABLE_CLASSES.contains(state.substring(0, 2));
        return unavailable ? new StateUnavailable(failure) : new StateException(failure);
    }

    /** The database's own words for the failure: its first line, without the statement H2 appends. */
    public String reason() {
        String text = String.valueOf(getCause() != null ? getCause().getMessage() : getMessage());
        text = text.lines().findFirst().orElse("");
        int statement = text.indexOf("; SQL statement:");
        return statement < 0 ? text : text.substring(0, statement);
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
