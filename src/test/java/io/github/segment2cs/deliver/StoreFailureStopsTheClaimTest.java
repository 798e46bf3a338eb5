package io.github.segment2cs.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.segment2cs.store.OutboxStore;
import io.github.segment2cs.store.StateDatabase;
import io.github.segment2cs.store.StateException;
import io.github.segment2cs.store.StateOutage;
import io.github.segment2cs.support.CapturedLog;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** When a delivery's outcome cannot be recorded, the rest of its claim is not sent. */
class StoreFailureStopsTheClaimTest {

    /** An outbox whose database fails with the given error. */
    static final class FailingOutbox extends OutboxStore {
        private final SQLException failure;

        FailingOutbox(SQLException failure) {
            super(new StateDatabase(null, false, new StateOutage()), null, null);
            this.failure = failure;
        }

        @Override
        public void delivered(Pending pending, Integer status, Consumer<RuntimeException> then) {
            then.accept(StateException.of(failure));
        }
    }

    final Exchange claim = new DefaultExchange(new DefaultCamelContext());
    final AtomicBoolean storeFailed = new AtomicBoolean();
    final UnrecordedDeliveries unrecorded = new UnrecordedDeliveries(1, () -> { });

    @BeforeEach
    void aClaimWithOneDelivery() {
        claim.setProperty(DeliveryPoller.STORE_FAILED, storeFailed);
        unrecorded.enter(claim);
        claim.setProperty(ClientSuccessRequest.PENDING, new OutboxStore.Pending(1, "m1", "u1", "Signed Up", "{}", "{}",
                0, null, 0, OutboxStore.USAGE));
    }

    @Test
    void aSuccessThatCannotBeRecordedInAnOutageStopsTheRestOfTheClaimQuietly() {
        // No circuit and no counters: a success that was not recorded must reach neither.
        DeliveryOutcome outcome = new DeliveryOutcome(
                new FailingOutbox(new SQLException("Connection refused", "08001")), null, null, null, unrecorded);

        outcome.delivered(claim);

        assertTrue(storeFailed.get(), "the claim's remaining deliveries are skipped (deliveryPoller.recording)");
        assertEquals(1, unrecorded.available(), "the delivery's place is given back");
    }

    @Test
    void aStoreErrorThatIsNoOutageStopsTheClaimAndIsLogged() {
        DeliveryOutcome outcome = new DeliveryOutcome(
                new FailingOutbox(new SQLException("Value too long", "22001")), null, null, null, unrecorded);
        CapturedLog log = new CapturedLog(DeliveryOutcome.class.getName()).start();
        try {
            outcome.delivered(claim);
        } finally {
            log.stop();
        }

        assertTrue(storeFailed.get());
        assertEquals(1, unrecorded.available(), "the delivery's place is given back");
        assertTrue(log.messagesFrom(Level.SEVERE).stream()
                .anyMatch(line -> line.startsWith("The outcome of delivering m1 could not be recorded")), log.lines()::toString);
    }
}
