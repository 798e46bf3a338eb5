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

    final AtomicLong clock = new AtomicLong();
    final UnrecordedDeliveries places = new UnrecordedDeliveries(2, () -> { }, clock::get);
    final DefaultCamelContext camel = new DefaultCamelContext();

    @Test
    void quickAnswersWithThePlacesMostlyIdleAreHeldBackHere() {
        for (int i = 0; i < 20; i++) {
            sendAndAnswerAfter(5 * MILLIS); // 100 ms of requests in a second with two places
            clock.addAndGet(45 * MILLIS);
        }
        assertTrue(places.heldBackHere());
    }

    @Test
    void slowAnswersAreNotHeldBackHere() {
        List<Runnable> answers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Exchange exchange = new DefaultExchange(camel);
            places.enter(exchange);
            answers.add(() -> places.handOver(exchange).run());
        }
        clock.addAndGet(900 * MILLIS); // both places waited 0.9 s for ClientSuccess, or for DELIVERY_MAX_RATE
        answers.forEach(Runnable::run);
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
        sendAndAnswerAfter(MILLIS);
        clock.addAndGet(500 * MILLIS);
        assertFalse(places.heldBackHere(), "no whole second has passed yet");
        clock.addAndGet(500 * MILLIS);
        assertTrue(places.heldBackHere());
    }

    private void sendAndAnswerAfter(long nanos) {
        Exchange exchange = new DefaultExchange(camel);
        assertTrue(places.enter(exchange));
        clock.addAndGet(nanos);
        places.handOver(exchange).run();
    }
}
