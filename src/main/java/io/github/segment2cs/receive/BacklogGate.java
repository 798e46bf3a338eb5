package io.github.segment2cs.receive;

import io.github.segment2cs.process.IntakePace;
import io.github.segment2cs.store.InboxStore;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.function.LongPredicate;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Paces acceptance to routing ({@link IntakePace}). While {@code intake.max-backlog} accepted
 * messages or more wait to be routed, a request waits, before it is read, for routing to bring the
 * backlog under that mark; after {@code intake.max-wait} it gets a 503 with Retry-After, which
 * Segment retries.
 */
@ApplicationScoped
@Named("backlogGate")
public class BacklogGate implements Processor {

    /** HTTP worker threads never taken by waiting requests (see {@link #places}). */
    static final int SPARE_WORKERS = 8;

    private final IntakePace pace;
    /**
     * Places for waiting requests: the HTTP worker threads but {@link #SPARE_WORKERS}. A waiting
     * request keeps its worker thread, and with 64 senders of batches all 64 waited here while the
     * health checks, the metrics and the operator API (served by the same threads) and further
     * requests waited for a thread, some past the senders' 10 s timeout. A request that finds no
     * place is answered 503 at once.
     */
    private final Semaphore places;

    @Inject
    BacklogGate(InboxStore inbox, MeterRegistry meters, @ConfigProperty(name = "intake.max-backlog") long maxBacklog,
            @ConfigProperty(name = "intake.max-wait") Duration maxWait,
            @ConfigProperty(name = "quarkus.thread-pool.max-threads") int workerThreads) {
        this(inbox::pendingAtLeast, meters, maxBacklog, maxWait, Math.max(1, workerThreads - SPARE_WORKERS));
    }

    BacklogGate(LongPredicate backlogReaches, MeterRegistry meters, long maxBacklog, Duration maxWait, int places) {
        this.pace = new IntakePace(backlogReaches, meters, maxBacklog, maxWait);
        this.places = new Semaphore(places);
    }

    @Override
    public void process(Exchange exchange) {
        long seen = pace.openings();
        if (!pace.behind()) {
            return;
        }
        if (!places.tryAcquire()) {
            pace.refusedAtOnce();
            throw refusal("as many requests as may wait for it wait already");
        }
        try {
            if (!pace.awaitRouting(seen)) {
                throw refusal("routing did not catch up within INTAKE_MAX_WAIT");
            }
        } finally {
            places.release();
        }
    }

    private RequestRejected refusal(String why) {
        return new RequestRejected(503, "the service is behind: " + pace.maxBacklog() + " or more accepted messages "
                + "wait to be routed (INTAKE_MAX_BACKLOG), and " + why + "; retry later");
    }
}
