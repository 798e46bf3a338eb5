package io.github.segment2cs.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.segment2cs.deliver.DeliveryCircuit;
import io.github.segment2cs.deliver.UnrecordedDeliveries;
import io.github.segment2cs.embedded.DefaultSettings;
import io.github.segment2cs.store.GroupCommit;
import io.github.segment2cs.store.InstanceRegistry;
import io.github.segment2cs.store.OutboxStore;
import io.github.segment2cs.store.StateDatabase;
import io.github.segment2cs.store.StateOutage;
import io.github.segment2cs.store.StateSchema;
import io.github.segment2cs.support.ScratchH2;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** Routing waits while the mark of deliveries is due, unless what holds delivery back is not this machine. */
class RoutingPaceTest {

    static final int MARK = 5;

    final DataSource dataSource = ScratchH2.dataSource("pace");
    final StateDatabase database = database(dataSource);
    final OutboxStore outbox = new OutboxStore(database, new InstanceRegistry(database), new GroupCommit(database, 1));
    final DeliveryCircuit circuit = new DeliveryCircuit(new DefaultSettings().config().delivery());
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    /** Held back here (its places mostly idle between quick answers: see DeliveryHeldBackTest), unless set otherwise. */
    boolean heldBackHere = true;
    final UnrecordedDeliveries deliveries = new UnrecordedDeliveries(1, () -> { }) {
        @Override
        public boolean heldBackHere() {
            return heldBackHere;
        }
    };
    final AtomicLong clock = new AtomicLong();
    final RoutingPace pace = new RoutingPace(outbox, circuit, deliveries, MARK, meters, clock::get);
    final DefaultCamelContext camel = new DefaultCamelContext();
    int queued;

    @Test
    void routingWaitsOnceTheMarkIsDueAndGoesOnWhenDeliveryCatchesUp() {
        queue(MARK - 1);
        assertTrue(pace.claimAgain(exchange()), "fewer than the mark are due");

        queue(1);
        assertTrue(pace.claimAgain(exchange()), "the outbox is looked at once per check, not before every claim");
        clock.addAndGet(RoutingPace.CHECK_NANOS);
        assertFalse(pace.claimAgain(exchange()), "the mark is due");
        assertEquals(1, meters.get(RoutingPace.METER).counter().count());

        outbox.claimDue(1, Duration.ofMinutes(1)).forEach(delivered -> outbox.delivered(delivered, 200, failure -> { }));
        outbox.flushOutcomes();
        clock.addAndGet(RoutingPace.CHECK_NANOS);
        assertTrue(pace.claimAgain(exchange()), "delivery brought the due ones under the mark");
    }

    @Test
    void routingGoesOnWhileTheCircuitIsOpen() {
        queue(MARK);
        circuit.pauseUntil(System.currentTimeMillis() + 60_000); // a 429's Retry-After
        assertTrue(pace.claimAgain(exchange()), "delivery waits for ClientSuccess, not for the cores");
    }

    @Test
    void routingGoesOnWhileDeliveryWaitsForClientSuccessOrItsMaxRate() {
        queue(MARK);
        heldBackHere = false;
        assertTrue(pace.claimAgain(exchange()), "its places spend their time on requests");
    }

    @Test
    void aShortClaimEndsTheRun() {
        Exchange exchange = exchange();
        exchange.setProperty(DrainLoop.MORE, false);
        assertFalse(pace.claimAgain(exchange));
    }

    @Test
    void zeroNeverWaits() {
        queue(MARK);
        assertTrue(new RoutingPace(outbox, circuit, deliveries, 0, meters, clock::get).claimAgain(exchange()));
        assertThrows(IllegalArgumentException.class, () -> new RoutingPace(outbox, circuit, deliveries, -1, meters));
    }

    private void queue(int count) {
        for (int i = 0; i < count; i++, queued++) {
            outbox.enqueue(new OutboxStore.Outgoing("m-" + queued, "u1", "Signed Up", "{}", "{}"), 0);
        }
    }

    private Exchange exchange() {
        return new DefaultExchange(camel);
    }

    private static StateDatabase database(DataSource dataSource) {
        StateSchema.migrate(dataSource, false);
        return new StateDatabase(dataSource, false, new StateOutage());
    }
}
