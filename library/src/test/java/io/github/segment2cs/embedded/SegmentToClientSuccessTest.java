package io.github.segment2cs.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.segment2cs.metrics.EventCounters;
import io.github.segment2cs.process.IntakePace;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What stops the destination from starting in a host's context, and how it says so; how it paces
 * a host faster than its routing.
 */
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

    @Test
    void aHostFasterThanRoutingWaitsForItAndThenGetsDestinationBehindUnrecorded() throws Exception {
        SimpleMeterRegistry meters = threeRecordedUnrouted("PT0.3S");

        long start = System.nanoTime();
        String problem = assertThrows(DestinationBehind.class, () -> destination.accept(identify("m-3"))).getMessage();

        assertTrue(System.nanoTime() - start >= 250_000_000L, "it did not wait for routing");
        assertTrue(problem.contains("maxBacklog") && problem.contains("not recorded"), problem);
        assertEquals(3, events(meters, EventCounters.ACCEPTED));
        assertEquals(1, events(meters, EventCounters.REFUSED));
        assertEquals(1, meters.get(IntakePace.METER).tag("outcome", "refused").counter().count());
    }

    @Test
    void aWaitingMessageIsRecordedOnceRoutingHasCaughtUp() throws Exception {
        SimpleMeterRegistry meters = threeRecordedUnrouted("PT20S");
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> destination.accept(identify("m-3")));
        Thread.sleep(500);
        assertFalse(waiting.isDone(), "it went on while routing was behind");

        host.start(); // the routes are added, and route the three

        waiting.get(15, TimeUnit.SECONDS);
        assertEquals(4, events(meters, EventCounters.ACCEPTED));
        assertEquals(0, meters.get(IntakePace.METER).tag("outcome", "refused").counter().count());
    }

    /**
     * Starts the destination with a backlog mark of 3 and the given wait, without starting the host
     * (so no routes, and nothing is routed), and records three messages; the counters.
     */
    private SimpleMeterRegistry threeRecordedUnrouted(String maxWait) throws InterruptedException {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        host.getRegistry().bind("meters", meters);
        destination.setMaxBacklog(3);
        destination.setMaxWait(maxWait);
        destination.start();
        for (int i = 0; i < 3; i++) {
            destination.accept(identify("m-" + i));
        }
        Thread.sleep(2 * IntakePace.CHECK.toMillis()); // the next message reads the backlog afresh
        return meters;
    }

    private Exchange identify(String messageId) {
        Exchange exchange = new DefaultExchange(host);
        exchange.getMessage().setBody("{\"type\":\"identify\",\"userId\":\"u-" + messageId + "\",\"messageId\":\""
                + messageId + "\",\"traits\":{\"email\":\"a@example.com\"}}");
        return exchange;
    }

    private static double events(SimpleMeterRegistry meters, String outcome) {
        return meters.get(EventCounters.METER).tag("outcome", outcome).counters().stream()
                .mapToDouble(counter -> counter.count()).sum();
    }
}
