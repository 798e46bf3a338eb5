package io.github.segment2cs.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A delivery sent and not yet recorded holds a place: no more are sent unrecorded than there are
 * places, whether an outcome is committed at once, later, or never comes.
 */
@Timeout(20)
class UnrecordedDeliveriesTest {

    /** Stands in for committing the waiting outcomes: run by a delivery that finds no place. */
    final AtomicReference<Runnable> commitOutcomes = new AtomicReference<>(() -> { });
    final UnrecordedDeliveries unrecorded = new UnrecordedDeliveries(2, () -> commitOutcomes.get().run());
    /** What the last exchange through direct:delivered handed over: gives its place back. */
    final AtomicReference<Runnable> handedOver = new AtomicReference<>();
    CamelContext camel;
    ProducerTemplate send;

    @BeforeEach
    void routes() throws Exception {
        camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:delivered").process(unrecorded::enter)
                        .process(exchange -> handedOver.set(unrecorded.handOver(exchange)));
                from("direct:retried").process(unrecorded::enter).log("outcome written at once");
                from("direct:stopped").process(unrecorded::enter).stop();
                from("direct:failed").process(unrecorded::enter).throwException(new IllegalStateException("boom"));
            }
        });
        camel.start();
        send = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    @Test
    void aDeliveredOutcomeKeepsItsPlaceUntilItIsCommitted() {
        send.sendBody("direct:delivered", "event");
        assertEquals(1, unrecorded.available(), "the exchange has ended, its outcome is not committed yet");

        handedOver.get().run();
        assertEquals(2, unrecorded.available());
        handedOver.get().run();
        assertEquals(2, unrecorded.available(), "a place is given back once");
    }

    @Test
    void exchangesThatEndWithTheirOutcomeWrittenOrWithoutOneGiveTheirPlaceBack() {
        send.sendBody("direct:retried", "event");
        send.sendBody("direct:stopped", "event");
        assertThrows(Exception.class, () -> send.sendBody("direct:failed", "event"));

        assertEquals(2, unrecorded.available());
    }

    @Test
    void noDeliveryIsSentWhileEveryPlaceHoldsAnUnrecordedOne() throws Exception {
        send.sendBody("direct:delivered", "first");
        Runnable first = handedOver.get();
        send.sendBody("direct:delivered", "second");

        CompletableFuture<Void> third = CompletableFuture.runAsync(() -> send.sendBody("direct:delivered", "third"));
        assertThrows(TimeoutException.class, () -> third.get(300, TimeUnit.MILLISECONDS), "waits for a place");
        assertFalse(third.isDone());

        first.run();
        third.get(5, TimeUnit.SECONDS);
        assertTrue(third.isDone());
        assertEquals(0, unrecorded.available(), "the second and the third hold the places");
    }

    @Test
    void aDeliveryThatFindsNoPlaceCommitsTheWaitingOutcomesItself() {
        send.sendBody("direct:delivered", "first");
        Runnable first = handedOver.get();
        send.sendBody("direct:delivered", "second");
        commitOutcomes.set(first); // no committer thread: only the waiting delivery can commit

        send.sendBody("direct:delivered", "third");

        assertEquals(0, unrecorded.available(), "the second and the third hold the places");
    }

    @Test
    void aDeliveryWaitingForAPlaceIsNotSentWhenItsThreadIsInterrupted() throws Exception {
        send.sendBody("direct:delivered", "first");
        send.sendBody("direct:delivered", "second");
        CompletableFuture<Boolean> entered = new CompletableFuture<>();
        Thread waiting = new Thread(() -> entered.complete(unrecorded.enter(new DefaultExchange(camel))));
        waiting.start();
        assertThrows(TimeoutException.class, () -> entered.get(300, TimeUnit.MILLISECONDS), "waits for a place");

        waiting.interrupt();

        assertFalse(entered.get(5, TimeUnit.SECONDS));
        assertEquals(0, unrecorded.available(), "it took no place");
    }

    @Test
    void anExchangeThatDidNotEnterHandsOverNothing() {
        unrecorded.handOver(new DefaultExchange(camel)).run();

        assertEquals(2, unrecorded.available());
    }
}
