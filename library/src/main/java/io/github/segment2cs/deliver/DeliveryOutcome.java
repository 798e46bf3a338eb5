package io.github.segment2cs.deliver;

import io.github.segment2cs.clientsuccess.UsageApi;
import io.github.segment2cs.metrics.EventCounters;
import io.github.segment2cs.process.MessageFate;
import io.github.segment2cs.segment.LogSafe;
import io.github.segment2cs.store.OutboxStore;
import io.github.segment2cs.store.StateException;
import io.github.segment2cs.store.StateUnavailable;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records how a delivery went, as deliver.yaml decides it: delivered; retried later (408, 429, 5xx,
 * I/O errors) with backoff; or dead-lettered (other 4xx, or retries exhausted) with the status,
 * response body and attempts.
 */
public class DeliveryOutcome {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryOutcome.class);
    static final int MAX_RESPONSE_BODY = 4000;

    private final OutboxStore outbox;
    private final RetryPolicy retryPolicy;
    private final DeliveryCircuit circuit;
    private final EventCounters counters;
    private final UnrecordedDeliveries unrecorded;

    public DeliveryOutcome(OutboxStore outbox, RetryPolicy retryPolicy, DeliveryCircuit circuit, EventCounters counters,
            UnrecordedDeliveries unrecorded) {
        this.outbox = outbox;
        this.retryPolicy = retryPolicy;
        this.circuit = circuit;
        this.counters = counters;
        this.unrecorded = unrecorded;
    }

    /**
     * The event reached ClientSuccess. Its outcome is committed together with others a few
     * milliseconds later, while this thread goes on; its place among the unrecorded deliveries is
     * given back only then. If the commit fails, the claim's rest is not sent, and the event stays
     * due, unrecorded, and is sent again once the store is back (counted when that is recorded).
     */
    public void delivered(Exchange exchange) {
        OutboxStore.Pending pending = pending(exchange);
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        AtomicBoolean claim = DeliveryPoller.claimOf(exchange);
        MessageFate.set(exchange, MessageFate.DELIVERED);
        Runnable giveBackPlace = unrecorded.handOver(exchange);
        outbox.delivered(pending, status, failure -> {
            try {
                if (failure == null) {
                    if (isUsageEvent(pending)) {
                        circuit.succeeded();
                    }
                    counters.count(EventCounters.DELIVERED, "");
                } else {
                    DeliveryPoller.claimFailed(claim);
                    logUnrecorded(pending, failure);
                }
            } finally {
                giveBackPlace.run(); // after marking the claim: a delivery waiting for this place sees the failure
            }
        });
    }

    /** A transient failure: tried again later with backoff, or dead-lettered once the retry window has passed. */
    public void retryLater(Exchange exchange) {
        recording(exchange, () -> retryLater(exchange, exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class)));
    }

    /** ClientSuccess refused the event for good (a 4xx other than 408 and 429): dead-lettered. */
    public void rejected(Exchange exchange) {
        HttpOperationFailedException http = exchange.getProperty(Exchange.EXCEPTION_CAUGHT,
                HttpOperationFailedException.class);
        recording(exchange, () -> {
            deadLetter(pending(exchange), "rejected by ClientSuccess: HTTP " + http.getStatusCode(),
                    http.getStatusCode(), truncate(http.getResponseBody()));
            MessageFate.set(exchange, MessageFate.DEAD_LETTERED);
        });
    }

    /**
     * Runs a store write; when the store fails, the rest of the claim is not sent (see
     * DeliveryPoller). The event stays due, unrecorded, and is sent again once the store is back:
     * the one repeat an outage may cause per request in flight. An outage is logged once by
     * StateOutage; any other store failure is logged here. Returns whether the outcome was recorded.
     */
    private static boolean recording(Exchange exchange, Runnable write) {
        try {
            write.run();
            return true;
        } catch (StateException e) {
            DeliveryPoller.storeFailed(exchange);
            logUnrecorded(pending(exchange), e);
            return false;
        }
    }

    private static void logUnrecorded(OutboxStore.Pending pending, RuntimeException failure) {
        if (!(failure instanceof StateUnavailable)) {
            LOG.error("The outcome of delivering {} could not be recorded; it will be sent again",
                    LogSafe.text(pending.messageId()), failure);
        }
    }

    private void retryLater(Exchange exchange, Exception failure) {
        OutboxStore.Pending pending = pending(exchange);
        long now = System.currentTimeMillis();
        Integer status = null;
        String error;
        Long retryAfter = null;
        if (failure instanceof HttpOperationFailedException http) {
            status = http.getStatusCode();
            error = truncate(http.getResponseBody());
            retryAfter = UsageApi.retryAfterMillis(http.getResponseHeaders().get("Retry-After"), now);
            if (retryAfter != null && isUsageEvent(pending)) {
                circuit.pauseUntil(now + Math.min(retryAfter, retryPolicy.maxBackoffMillis()));
            }
        } else {
            // I/O errors name the host, never the query, so the API key cannot leak here.
            error = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        }
        if (isUsageEvent(pending)) {
            circuit.failedTransiently();
        }
        long firstFailure = pending.firstFailureAt() == null ? now : pending.firstFailureAt();
        OptionalLong next = retryPolicy.nextAttemptAt(pending.attempts(), firstFailure, retryAfter, now);
        if (next.isPresent()) {
            outbox.retryAt(pending.id(), next.getAsLong(), status, error);
            counters.count(EventCounters.RETRIED, status == null ? "I/O error" : "HTTP " + status);
            MessageFate.set(exchange, MessageFate.LEFT);
        } else {
            deadLetter(pending, "retries exhausted after " + (pending.attempts() + 1) + " attempts"
                    + (status == null ? " (last: " + error + ")" : " (last: HTTP " + status + ")"), status, error);
            MessageFate.set(exchange, MessageFate.DEAD_LETTERED);
        }
    }

    /** Gives the delivery back untried; the circuit opened while it waited. */
    public void postpone(Exchange exchange) {
        recording(exchange, () -> outbox.release(pending(exchange).id()));
        MessageFate.set(exchange, MessageFate.LEFT);
    }

    private void deadLetter(OutboxStore.Pending pending, String reason, Integer status, String body) {
        outbox.deadLetter(pending, reason, status, body);
        counters.count(EventCounters.DEAD_LETTERED, status == null ? "delivery failed" : "HTTP " + status);
        LOG.warn("Delivery of {} ({}) dead-lettered: {}", LogSafe.text(pending.messageId()),
                LogSafe.text(pending.eventId()), LogSafe.text(reason));
    }

    /**
     * The circuit breaker is the Usage API's: a custom-field sync (REST API, another host) neither
     * trips nor closes it, and its Retry-After delays only itself.
     */
    private static boolean isUsageEvent(OutboxStore.Pending pending) {
        return OutboxStore.USAGE.equals(pending.kind());
    }

    private static OutboxStore.Pending pending(Exchange exchange) {
        return exchange.getProperty(ClientSuccessRequest.PENDING, OutboxStore.Pending.class);
    }

    private static String truncate(String text) {
        return text == null || text.length() <= MAX_RESPONSE_BODY ? text : text.substring(0, MAX_RESPONSE_BODY);
    }
}
