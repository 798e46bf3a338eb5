package io.github.segment2cs.deliver;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.segment2cs.embedded.DefaultSettings;
import io.github.segment2cs.metrics.EventCounters;
import io.github.segment2cs.settings.Settings;
import io.github.segment2cs.store.GroupCommit;
import io.github.segment2cs.store.InstanceRegistry;
import io.github.segment2cs.store.OutboxStore;
import io.github.segment2cs.store.StateDatabase;
import io.github.segment2cs.store.StateOutage;
import io.github.segment2cs.store.StateSchema;
import io.github.segment2cs.support.ScratchH2;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The circuit breaker is the Usage API's: custom-field syncs, which call another host, leave it alone. */
class DeliveryOutcomeTest {

    DeliveryCircuit circuit;
    DeliveryOutcome outcome;

    @BeforeEach
    void onH2() {
        JdbcDataSource h2 = ScratchH2.dataSource("outcome");
        StateSchema.migrate(h2, false);
        StateDatabase database = new StateDatabase(h2, false, new StateOutage());
        Settings.Delivery delivery = new DefaultSettings().config().delivery();
        circuit = new DeliveryCircuit(delivery);
        outcome = new DeliveryOutcome(new OutboxStore(database, new InstanceRegistry(database), new GroupCommit(database, 10)),
                new RetryPolicy(delivery), circuit, new EventCounters(new SimpleMeterRegistry()),
                new UnrecordedDeliveries(delivery.maxConnections(), () -> { }));
    }

    @Test
    void aRetryAfterFromTheUsageApiPausesDeliveries() {
        outcome.retryLater(unavailable(OutboxStore.USAGE));

        assertFalse(circuit.allowsRequests());
    }

    @Test
    void aRetryAfterFromTheRestApiDelaysOnlyItsOwnSync() {
        outcome.retryLater(unavailable(OutboxStore.CLIENT_FIELDS));

        assertTrue(circuit.allowsRequests());
    }

    @Test
    void failuresOfTheRestApiDoNotTripTheCircuit() {
        for (int i = 0; i < 50; i++) {
            Exchange failed = unavailable(OutboxStore.CONTACT_FIELDS);
            failed.setProperty(Exchange.EXCEPTION_CAUGHT, new IOException("connection reset"));
            outcome.retryLater(failed);
        }

        assertTrue(circuit.allowsRequests());
    }

    private static Exchange unavailable(String kind) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(ClientSuccessRequest.PENDING, new OutboxStore.Pending(1, "m1", "u1", "E", "{}", "{}", 0,
                null, System.currentTimeMillis(), kind));
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new HttpOperationFailedException("POST /events", 503,
                "Service Unavailable", null, Map.of("Retry-After", "60"), "down"));
        return exchange;
    }
}
