package io.github.segment2cs.deliver;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/**
 * Whether delivery is held back here (its places mostly idle between requests) or by ClientSuccess
 * and DELIVERY_MAX_RATE (its places mostly waiting for answers), as routing asks it.
 */
class DeliveryHeldBackTest {

    static final long MILLIS = 1_000_000L;
    static final long SPAN = UnrecordedDeliveries.SPAN_NANOS;

    final AtomicLong clock = new AtomicLong();
    final UnrecordedDeliveries places = new UnrecordedDeliveries(2, () -> { }, clock::get);
    final DefaultCamelContext camel = new DefaultCamelContext();

    @Test
    void quickAnswersWithThePlacesMostlyIdleForTwoSecondsAreHeldBackHere() {
        quickSecond();
        assertFalse(places.heldBackHere(), "one such second could be the one in which deliveries began");
        quickSecond();
        assertTrue(places.heldBackHere());
    }

    @Test
    void aSecondInWhichDeliveriesBeganLateDoesNotCount() {
        clock.addAndGet(900 * MILLIS);
        slowRequestsOnBothPlaces(100 * MILLIS); // began 0.9 s into the second: its places look idle
        assertFalse(places.heldBackHere());
        slowRequestsOnBothPlaces(SPAN);
        assertFalse(places.heldBackHere(), "the next second shows them busy");
    }

    @Test
    void slowAnswersAreNotHeldBackHere() {
        quickSecond();
        places.heldBackHere();
        // Both places waited 0.9 s for ClientSuccess, or for DELIVERY_MAX_RATE.
        slowRequestsOnBothPlaces(900 * MILLIS);
        clock.addAndGet(100 * MILLIS);
        assertFalse(places.heldBackHere());
    }

    @Test
    void noDeliveriesAreNotHeldBack() {
        clock.addAndGet(UnrecordedDeliveries.SPAN_NANOS);
        assertFalse(places.heldBackHere(), "nothing was sent: delivery is stopped, or has nothing due");
    }

    @Test
    void judgedOverWholeSecondsOnly() {
        quickSecond();
        places.heldBackHere();
        sendAndAnswerAfter(MILLIS);
        clock.addAndGet(500 * MILLIS);
        assertFalse(places.heldBackHere(), "no whole second has passed yet");
        clock.addAndGet(499 * MILLIS);
        assertTrue(places.heldBackHere());
    }

    /** A second with 100 ms of requests on two places. */
    private void quickSecond() {
        for (int i = 0; i < 20; i++) {
            sendAndAnswerAfter(5 * MILLIS);
            clock.addAndGet(45 * MILLIS);
        }
    }

    private void slowRequestsOnBothPlaces(long nanos) {
        List<Runnable> answers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Exchange exchange = new DefaultExchange(camel);
            assertTrue(places.enter(exchange));
            answers.add(() -> places.handOver(exchange).run());
        }
        clock.addAndGet(nanos);
        answers.forEach(Runnable::run);
    }

    private void sendAndAnswerAfter(long nanos) {
        Exchange exchange = new DefaultExchange(camel);
        assertTrue(places.enter(exchange));
        clock.addAndGet(nanos);
        places.handOver(exchange).run();
    }
}
