package io.github.segment2cs.deliver;

import io.github.segment2cs.config.DestinationConfig;
import io.github.segment2cs.process.DrainLoop;
import io.github.segment2cs.store.OutboxStore;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.time.Duration;
import java.util.List;
import org.apache.camel.Exchange;

/** Claims the deliveries that are due, unless the circuit is open; see {@link DrainLoop}. */
@ApplicationScoped
@Named("deliveryPoller")
@RegisterForReflection(methods = true)
public class DeliveryPoller {

    /** Long enough for a claimed batch to be sent at the slowest allowed rate. */
    static final Duration LEASE = Duration.ofMinutes(5);

    private final OutboxStore outbox;
    private final DeliveryCircuit circuit;
    private final int batchSize;

    DeliveryPoller(OutboxStore outbox, DeliveryCircuit circuit, DestinationConfig.Delivery config) {
        this.outbox = outbox;
        this.circuit = circuit;
        this.batchSize = config.batchSize();
    }

    public List<OutboxStore.Pending> claim(Exchange exchange) {
        List<OutboxStore.Pending> claimed = circuit.allowsRequests() ? outbox.claimDue(batchSize, LEASE) : List.of();
        DrainLoop.afterClaim(exchange, claimed.size(), batchSize);
        return claimed;
    }
}
