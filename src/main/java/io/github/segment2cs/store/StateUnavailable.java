package io.github.segment2cs.store;

import java.sql.SQLException;

/**
 * The state database could not be used at all (unreachable, closed, out of space), as opposed to
 * refusing the data written: nothing was recorded, and the same work may succeed once it is back.
 * Ingest answers 503 for it, and the polling routes wait for their next run (routes/state-outage.yaml).
 */
public class StateUnavailable extends StateException {

    public StateUnavailable(SQLException cause) {
        super(cause);
    }
}
