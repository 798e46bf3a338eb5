package io.github.segment2cs.deliver;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.segment2cs.embedded.DefaultSettings;
import io.github.segment2cs.metrics.EventCounters;
import io.github.segment2cs.process.FateCheck;
import io.github.segment2cs.store.OutboxStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A delivery that waited for its place is not sent once its claim has failed meanwhile. */
@Timeout(20)
class DeliveryPollerTest {

    final UnrecordedDeliveries unrecorded = new UnrecordedDeliveries(1, () -> { });
    final DeliveryPoller poller = new DeliveryPoller(null, null, new FateCheck(new EventCounters(new SimpleMeterRegistry())),
            unrecorded, new DefaultSettings().config().delivery());
    final AtomicBoolean claimFailed = new AtomicBoolean();
    final DefaultCamelContext camel = new DefaultCamelContext();

    @Test
    void aDeliveryWaitingForAPlaceIsNotSentWhenTheOutcomeHoldingItFails() throws Exception {
        Exchange first = delivery("m1");
        assertTrue(poller.recording(first));
        Runnable firstCommitted = unrecorded.handOver(first); // delivered: its outcome waits for its commit

        CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(() -> poller.recording(delivery("m2")));
        assertThrows(TimeoutException.class, () -> second.get(300, TimeUnit.MILLISECONDS), "waits for a place");

        DeliveryPoller.claimFailed(claimFailed); // the first's commit failed: as DeliveryOutcome.delivered marks it
        firstCommitted.run();

        assertFalse(second.get(5, TimeUnit.SECONDS), "not sent: the claim's rest stays for the next run");
    }

    private Exchange delivery(String messageId) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(DeliveryPoller.STORE_FAILED, claimFailed);
        exchange.getIn().setBody(new OutboxStore.Pending(1, messageId, "u1", "Signed Up", "{}", "{}", 0, null, 0,
                OutboxStore.USAGE));
        return exchange;
    }
}
