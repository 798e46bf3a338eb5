package io.github.segment2cs.store;

import java.sql.SQLException;

/** A database failure; the caller's exchange fails and the work is retried or dead-lettered. */
public class StateException extends RuntimeException {

    public StateException(SQLException cause) {
        super("State database error: " + cause.getMessage(), cause);
    }
}
