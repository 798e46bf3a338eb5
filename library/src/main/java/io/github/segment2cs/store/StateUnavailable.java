package io.github.segment2cs.store;

import java.sql.SQLException;

/**
 * The state database could not be used (unreachable, closed, out of space, or not as the service
 * needs it: a missing table, a refused permission), as opposed to refusing the data written:
 * nothing was recorded, and the same work may succeed once it is back or mended.
 * Ingest answers 503 for it, and the polling routes wait for their next run (routes/state-outage.yaml).
 */
public class StateUnavailable extends StateException {

    public StateUnavailable(SQLException cause) {
        super(cause);
    }
}
