package io.github.segment2cs.embedded;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What stops the destination from starting in a host's context, and how it says so. */
class SegmentToClientSuccessTest {

    DefaultCamelContext host;
    SegmentToClientSuccess destination;

    @BeforeEach
    void configured() throws Exception {
        host = new DefaultCamelContext();
        destination = new SegmentToClientSuccess();
        destination.setCamelContext(host);
        destination.setApiKey("key");
        destination.setProjectId("p1");
        destination.setStateDir(Files.createTempDirectory("s2cs-start").toString());
    }

    @AfterEach
    void stop() {
        destination.stop();
        host.stop();
    }

    @Test
    void aHostBeanWithTheNameOfOneOfTheRoutesBeansIsNamed() {
        host.getRegistry().bind("housekeeping", new Object());

        String problem = assertThrows(IllegalStateException.class, destination::start).getMessage();

        assertTrue(problem.contains("'housekeeping'"), problem);
    }

    @Test
    void aDataSourceNameTheRegistryDoesNotHaveIsNamed() {
        destination.setDataSource("hostDb");

        String problem = assertThrows(IllegalArgumentException.class, destination::start).getMessage();

        assertTrue(problem.contains("'dataSource'") && problem.contains("'hostDb'"), problem);
    }

    @Test
    void aMissingApiKeyIsNamed() {
        destination.setApiKey(" ");

        String problem = assertThrows(IllegalArgumentException.class, destination::start).getMessage();

        assertTrue(problem.contains("'apiKey'"), problem);
    }

    @Test
    void aSecondUseWithOtherSettingsIsRefusedNamingThem() {
        destination.start();
        SegmentToClientSuccess second = new SegmentToClientSuccess();
        second.setCamelContext(host);
        second.setApiKey("key");
        second.setProjectId("p2");

        String problem = assertThrows(IllegalStateException.class, second::start).getMessage();

        assertTrue(problem.contains("projectId") && problem.contains("stateDir") && !problem.contains("apiKey"),
                problem);
    }

    @Test
    void aSecondContextOnTheSameStateDirIsRefusedUntilTheFirstStops() throws Exception {
        String shared = Files.createTempDirectory("s2cs-shared").toString();
        destination.setStateDir(shared);
        host.start();
        destination.start();
        DefaultCamelContext otherHost = new DefaultCamelContext();
        otherHost.start();
        SegmentToClientSuccess other = onTheSameStore(otherHost, shared);
        try {
            String problem = assertThrows(IllegalStateException.class, other::start).getMessage();
            assertTrue(problem.contains("'stateDir'") && problem.contains(host.getName()), problem);

            host.stop();
            SegmentToClientSuccess afterwards = onTheSameStore(otherHost, shared);
            afterwards.start();
            assertTrue(afterwards.isStarted());
        } finally {
            otherHost.stop();
        }
    }

    @Test
    void aStartThatFailsGivesItsStateDirUp() throws Exception {
        String shared = Files.createTempDirectory("s2cs-failed").toString();
        destination.setStateDir(shared);
        host.getRegistry().bind("housekeeping", new Object());
        assertThrows(IllegalStateException.class, destination::start);

        DefaultCamelContext otherHost = new DefaultCamelContext();
        otherHost.start();
        try {
            SegmentToClientSuccess other = onTheSameStore(otherHost, shared);
            other.start();
            assertTrue(other.isStarted());
        } finally {
            otherHost.stop();
        }
    }

    /** A destination in {@code context} with the settings of {@link #destination}, on {@code stateDir}. */
    private static SegmentToClientSuccess onTheSameStore(DefaultCamelContext context, String stateDir) {
        SegmentToClientSuccess other = new SegmentToClientSuccess();
        other.setCamelContext(context);
        other.setApiKey("key");
        other.setProjectId("p1");
        other.setStateDir(stateDir);
        return other;
    }

    @Test
    void stoppedAndStartedAgainWithItsRouteItRunsOn() {
        destination.start();
        destination.stop();

        destination.start();

        assertTrue(destination.isStarted());
    }

    @Test
    void theEmbeddedStoreIsUnderTheStateDirectory() throws Exception {
        Path stateDir = Files.createTempDirectory("s2cs-state");
        destination.setStateDir(stateDir.toString());

        destination.start();

        assertTrue(Files.exists(stateDir.resolve("s2cs-state.mv.db")), "no H2 file under " + stateDir);
    }
}
