package io.github.segment2cs.holdback;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.segment2cs.process.FateCheck;
import io.github.segment2cs.store.StateException;
import io.github.segment2cs.store.StateUnavailable;
import java.sql.SQLException;
import org.apache.camel.Exchange;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** A release the database left halfway passes over its other events and fails, to be resumed whole. */
class ReleaseProgressTest {

    final ReleaseProgress progress = new ReleaseProgress(new FateCheck(null), null);
    final Exchange release = new DefaultExchange(new DefaultCamelContext());

    @Test
    void anOutageStopsTheRestOfTheReleaseAndFailsItAtItsEnd() {
        progress.begin(release);
        Exchange first = release.copy();
        Exchange second = release.copy();
        assertTrue(progress.going(first));

        StateException outage = StateException.of(new SQLException("Connection refused", "08001"));
        first.setProperty(Exchange.EXCEPTION_CAUGHT, new RuntimeCamelException(outage));
        progress.stop(first);

        assertFalse(progress.going(second), "the events after the outage are passed over");
        StateUnavailable thrown = assertThrows(StateUnavailable.class, () -> progress.end(release));
        assertSame(outage, thrown, "the release fails with the outage, so the aggregator does not confirm it");
    }

    @Test
    void aReleaseWithoutAnOutageEndsNormally() {
        progress.begin(release);
        assertTrue(progress.going(release.copy()));
        assertDoesNotThrow(() -> progress.end(release));
    }
}
