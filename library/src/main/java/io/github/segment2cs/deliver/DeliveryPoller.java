package io.github.segment2cs.deliver;

import io.github.segment2cs.process.DrainLoop;
import io.github.segment2cs.process.FateCheck;
import io.github.segment2cs.process.MessageFate;
import io.github.segment2cs.settings.Settings;
import io.github.segment2cs.store.OutboxStore;
import io.github.segment2cs.store.StateException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Claims the deliveries that are due, unless the circuit is open; see {@link DrainLoop}. */
public class DeliveryPoller {

    /** Property shared by a claim's deliveries: recording an outcome has failed. */
    static final String STORE_FAILED = "deliveryStoreFailed";

    /** Long enough for a claimed batch to be sent at the slowest allowed rate. */
    static final Duration LEASE = Duration.ofMinutes(5);

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryPoller.class);

    private final OutboxStore outbox;
    private final DeliveryCircuit circuit;
    private final FateCheck fateCheck;
    private final UnrecordedDeliveries unrecorded;
    private final int batchSize;

    public DeliveryPoller(OutboxStore outbox, DeliveryCircuit circuit, FateCheck fateCheck,
            UnrecordedDeliveries unrecorded, Settings.Delivery config) {
        this.outbox = outbox;
        this.circuit = circuit;
        this.fateCheck = fateCheck;
        this.unrecorded = unrecorded;
        this.batchSize = config.batchSize();
    }

    /**
     * Claims due deliveries. The first round of a run frees this instance's claims, after committing
     * the outcomes still waiting (a run that ended on an error did not reach {@link #claimAgain}), so
     * none of them is still in flight; later rounds follow {@link #claimAgain}, which committed them.
     */
    public List<OutboxStore.Pending> claim(Exchange exchange) {
        if (DrainLoop.firstRound(exchange)) {
            outbox.flushOutcomes();
            outbox.releaseOwnClaims();
        }
        List<OutboxStore.Pending> claimed = circuit.allowsRequests() ? outbox.claimDue(batchSize, LEASE) : List.of();
        DrainLoop.afterClaim(exchange, claimed.size(), batchSize);
        exchange.setProperty(STORE_FAILED, new AtomicBoolean());
        return claimed;
    }

    /**
     * Whether the claim's deliveries may still be sent: not once recording an outcome has failed.
     * The rest of the claim then stays claimed, untried, and the next run frees it once the
     * database is back. A delivery that may be sent first waits for a place among those sent and
     * not yet recorded ({@link UnrecordedDeliveries}), so what reaches ClientSuccess twice is
     * bounded by DELIVERY_MAX_CONNECTIONS. It is watched to the end of its exchange: one that an
     * edited route ends without an outcome (a stop, a filter) leaves the outbox as skipped
     * ({@link FateCheck}), rather than being claimed again after every lease.
     */
    public boolean recording(Exchange exchange) {
        if (!stillRecording(exchange)) {
            return false;
        }
        if (!unrecorded.enter(exchange) || !stillRecording(exchange)) {
            return false; // stopping, or the claim failed while this one waited for its place
        }
        OutboxStore.Pending pending = exchange.getIn().getBody(OutboxStore.Pending.class);
        fateCheck.watch(exchange, (ended, fate) -> {
            if (MessageFate.SKIPPED.equals(fate.step())) {
                skip(ended, pending, fate.reason());
            }
        });
        return true;
    }

    private void skip(Exchange exchange, OutboxStore.Pending pending, String reason) {
        try {
            outbox.skipped(pending, reason);
        } catch (StateException e) {
            // It stays claimed, and is tried again once the lease ends.
            storeFailed(exchange);
            LOG.debug("A skipped delivery could not be recorded", e);
        }
    }

    private static boolean stillRecording(Exchange exchange) {
        AtomicBoolean failed = claimOf(exchange);
        return failed == null || !failed.get();
    }

    /**
     * Whether the run claims again at once: while claims come back full ({@link DrainLoop}), and
     * not after recording an outcome failed, when a new claim would pass over the claim's rest. The
     * claim's outcomes are committed before it answers.
     */
    public boolean claimAgain(Exchange exchange) {
        outbox.flushOutcomes();
        return !Boolean.FALSE.equals(exchange.getProperty(DrainLoop.MORE, Boolean.class)) && stillRecording(exchange);
    }

    /** Recording an outcome failed: the claim's remaining deliveries are not sent. */
    static void storeFailed(Exchange exchange) {
        MessageFate.set(exchange, MessageFate.LEFT);
        claimFailed(claimOf(exchange));
    }

    /** The claim's flag, to mark after the exchange has ended ({@link #claimFailed}). */
    static AtomicBoolean claimOf(Exchange exchange) {
        return exchange.getProperty(STORE_FAILED, AtomicBoolean.class);
    }

    /** Recording an outcome of the claim failed: its remaining deliveries are not sent. */
    static void claimFailed(AtomicBoolean claim) {
        if (claim != null) {
            claim.set(true);
        }
    }
}
