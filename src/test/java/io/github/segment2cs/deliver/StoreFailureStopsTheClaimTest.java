package io.github.segment2cs.deliver;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.segment2cs.store.OutboxStore;
import io.github.segment2cs.store.StateException;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** When a delivery's outcome cannot be recorded, the rest of its claim is not sent. */
class StoreFailureStopsTheClaimTest {

    /** An outbox whose database has gone away. */
    static final class UnreachableOutbox extends OutboxStore {
        @Override
        public void delivered(Pending pending) {
            throw new StateException(new SQLException("Connection refused", "08001"));
        }
    }

    @Test
    void aSuccessThatCannotBeRecordedStopsTheRestOfTheClaim() {
        DeliveryOutcome outcome = new DeliveryOutcome(new UnreachableOutbox(), null, null, null);
        Exchange claim = new DefaultExchange(new DefaultCamelContext());
        AtomicBoolean storeFailed = new AtomicBoolean();
        claim.setProperty(DeliveryPoller.STORE_FAILED, storeFailed);
        claim.setProperty(ClientSuccessRequest.PENDING, new OutboxStore.Pending(1, "m1", "u1", "Signed Up", "{}", "{}",
                0, null, 0));
        assertThrows(StateException.class, () -> outcome.delivered(claim));

        assertTrue(storeFailed.get(), "the claim's remaining deliveries are skipped (deliveryPoller.recording)");
    }
}
