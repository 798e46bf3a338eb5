package io.github.segment2cs.process;

import io.github.segment2cs.deliver.DeliveryCircuit;
import io.github.segment2cs.deliver.UnrecordedDeliveries;
import io.github.segment2cs.store.OutboxStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.LongSupplier;
import org.apache.camel.Exchange;

/**
 * Keeps routing from running ahead of delivery when what holds delivery back is this machine.
 * Routing and delivery share its cores and its database, and routing is the cheaper per event:
 * under a sustained load faster than the service, on H2, it queued about three events for each one
 * delivered, and the outbox grew without end (README, "Keeping up"). So while PROCESSING_MAX_AHEAD
 * or more deliveries are due and delivery is held back here ({@link UnrecordedDeliveries#heldBackHere}),
 * routing claims nothing; the inbox then fills, and acceptance slows the senders to what is
 * delivered (BacklogGate).
 * <p>
 * Delivery held back by ClientSuccess (the circuit is open, or its answers are slow) or by
 * DELIVERY_MAX_RATE would not catch up sooner for routing waiting: the outbox is then the durable
 * buffer it is for, and routing goes on, however far ahead.
 */
public class RoutingPace {

    /** Counts the claims routing held back for delivery ({@code segment_clientsuccess_routing_paced_total}). */
    static final String METER = "segment.clientsuccess.routing.paced";

    /** How often the outbox is looked at while routing claims back to back. */
    static final long CHECK_NANOS = 100_000_000L;

    private final OutboxStore outbox;
    private final DeliveryCircuit circuit;
    private final UnrecordedDeliveries deliveries;
    private final int maxAhead;
    private final Counter paced;
    private final LongSupplier nanoTime;

    private long checkedAt;
    private boolean deliveryBehind;

    public RoutingPace(OutboxStore outbox, DeliveryCircuit circuit, UnrecordedDeliveries deliveries, int maxAhead,
            MeterRegistry meters) {
        this(outbox, circuit, deliveries, maxAhead, meters, System::nanoTime);
    }

    RoutingPace(OutboxStore outbox, DeliveryCircuit circuit, UnrecordedDeliveries deliveries, int maxAhead,
            MeterRegistry meters, LongSupplier nanoTime) {
        if (maxAhead < 0) {
            throw new IllegalArgumentException("PROCESSING_MAX_AHEAD must be 0 (no limit) or more, not " + maxAhead);
        }
        this.outbox = outbox;
        this.circuit = circuit;
        this.deliveries = deliveries;
        this.maxAhead = maxAhead;
        this.paced = Counter.builder(METER).register(meters);
        this.nanoTime = nanoTime;
        this.checkedAt = nanoTime.getAsLong() - CHECK_NANOS;
    }

    /** The routing loop's condition: claim (again) while claims come back full and delivery keeps up. */
    public boolean claimAgain(Exchange exchange) {
        if (Boolean.FALSE.equals(exchange.getProperty(DrainLoop.MORE, Boolean.class))) {
            return false;
        }
        if (deliveryBehind()) {
            paced.increment();
            return false;
        }
        return true;
    }

    /** Whether routing waits for delivery now; asked by the routing route's one thread. */
    synchronized boolean deliveryBehind() {
        if (maxAhead == 0) {
            return false;
        }
        long now = nanoTime.getAsLong();
        if (now - checkedAt >= CHECK_NANOS) {
            checkedAt = now;
            deliveryBehind = circuit.allowsRequests() && deliveries.heldBackHere() && outbox.dueAtLeast(maxAhead);
        }
        return deliveryBehind;
    }
}
