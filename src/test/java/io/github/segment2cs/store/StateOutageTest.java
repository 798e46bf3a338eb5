package io.github.segment2cs.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.segment2cs.support.CapturedLog;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A database outage is logged when it starts, once a minute, and when it ends: never once per failed use. */
class StateOutageTest {

    final AtomicLong now = new AtomicLong(1_000_000);
    final StateOutage outage = new StateOutage(now::get);
    final SQLException refused = new SQLException("Connection refused", "08001");
    CapturedLog log;

    @BeforeEach
    void listen() {
        log = new CapturedLog(StateOutage.class.getName()).start();
    }

    @AfterEach
    void stopListening() {
        log.stop();
    }

    @Test
    void aThousandFailuresInAnOutageAreOneLineAndItsEndAnother() {
        outage.available();
        for (int i = 0; i < 1000; i++) {
            now.addAndGet(10);
            outage.failed(refused);
        }
        List<String> lines = log.lines();
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("WARN The state database is unavailable (Connection refused)"), lines.get(0));

        now.addAndGet(StateOutage.QUIET_MILLIS);
        outage.available();
        outage.available();

        lines = log.lines();
        assertEquals(2, lines.size(), lines.toString());
        assertEquals("INFO The state database is available again after 10 s (1000 operations failed meanwhile)",
                lines.get(1));
    }

    @Test
    void aLongOutageIsRecalledOnceAMinute() {
        for (int second = 0; second <= 150; second++) {
            outage.failed(refused);
            now.addAndGet(1_000);
        }

        List<String> lines = log.lines();
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.get(1).startsWith("WARN The state database is still unavailable after 60 s (61 failed"),
                lines.get(1));
        assertTrue(lines.get(2).startsWith("WARN The state database is still unavailable after 120 s"), lines.get(2));
    }

    @Test
    void whileDeadConnectionsStillFailNowAndThenTheOutageGoesOn() {
        outage.failed(refused);
        for (int i = 0; i < 20; i++) {
            now.addAndGet(100);
            outage.available();
            now.addAndGet(100);
            outage.failed(refused);
        }

        assertEquals(1, log.lines().size(), "one outage, not twenty: " + log.lines());
    }
}
