package io.github.segment2cs.receive;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * How many bytes of request bodies are parsed at once. A body takes several times its size in heap
 * while it is parsed and recorded: eight Webhooks (Actions) arrays of 3.7 MB sent at once ran a
 * 128 MB heap out (and the JVM stops on that); with this budget all eight were answered 200, and
 * now that waiting requests hold only the HTTP server's buffer, they are with an 88 MB heap too
 * (README, "Memory"). A request waits up to ten seconds for its share, then gets a 503 with
 * Retry-After, which Segment retries: the service slows down instead of falling over.
 */
@ApplicationScoped
public class ParsingBudget {

    private final int kilobytes;
    private final Duration wait;
    private final Semaphore free;

    ParsingBudget() {
        // A sixteenth of the heap (5.5 MB of the run command's 88 MB), and at least room for one request
        // of the largest size: the bodies waiting for their turn take heap too.
        this((int) Math.max(Runtime.getRuntime().maxMemory() / 16 / 1024,
                SegmentRequestReader.MAX_WEBHOOK_REQUEST_BYTES / 1024 + 1), Duration.ofSeconds(10));
    }

    ParsingBudget(int kilobytes, Duration wait) {
        this.kilobytes = kilobytes;
        this.wait = wait;
        this.free = new Semaphore(kilobytes, true);
    }

    /** Takes the body's share until the exchange is done, or refuses the request with a 503. */
    void take(Exchange exchange, int bytes) {
        int share = Math.min(kilobytes, bytes / 1024 + 1);
        try {
            if (!free.tryAcquire(share, wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new RequestRejected(503, "the service is busy with other large requests: retry later");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RequestRejected(503, "the service is stopping: retry later");
        }
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                free.release(share);
            }
        });
    }
}
