package io.github.segment2cs.holdback;

import io.github.segment2cs.process.FateCheck;
import io.github.segment2cs.process.MessageFate;
import io.github.segment2cs.segment.Headers;
import io.github.segment2cs.segment.LogSafe;
import io.github.segment2cs.store.MessageHistory;
import io.github.segment2cs.store.StateException;
import io.github.segment2cs.store.StateUnavailable;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a release of held events where the database went away (routes/holdback.yaml): the rest of
 * its events are passed over, and the release then fails, so the aggregator's recovery task
 * resumes it whole once the database is back, and the user's events keep their order.
 */
public class ReleaseProgress {

    /** Property the release's split shares with each event: the outage that stopped it, if any. */
    static final String STOPPED_BY = "releaseStoppedBy";

    private static final Logger LOG = LoggerFactory.getLogger(ReleaseProgress.class);

    private final FateCheck fateCheck;
    private final MessageHistory history;

    public ReleaseProgress(FateCheck fateCheck, MessageHistory history) {
        this.fateCheck = fateCheck;
        this.history = history;
    }

    public void begin(Exchange exchange) {
        exchange.setProperty(STOPPED_BY, new AtomicReference<StateUnavailable>());
    }

    /**
     * Whether the release's events may still be routed. One that may is watched until its exchange
     * ends, so that it is counted as skipped if the routes end it without a fate.
     */
    public boolean going(Exchange exchange) {
        AtomicReference<?> stoppedBy = exchange.getProperty(STOPPED_BY, AtomicReference.class);
        if (stoppedBy != null && stoppedBy.get() != null) {
            return false;
        }
        fateCheck.watch(exchange, (ended, fate) -> {
            String messageId = ended.getIn().getHeader(Headers.MESSAGE_ID, String.class);
            if (MessageFate.SKIPPED.equals(fate.step()) && messageId != null) {
                recordSkipped(new MessageHistory.Step(messageId, System.currentTimeMillis(), fate.step(), fate.reason()));
            }
        });
        return true;
    }

    /** Its history says why a released event was not delivered; else it would still read "held". */
    private void recordSkipped(MessageHistory.Step step) {
        try {
            history.add(step);
        } catch (StateException e) {
            LOG.debug("The skip of released message {} could not be recorded", LogSafe.text(step.messageId()), e);
        }
    }

    public void stop(Exchange exchange) {
        MessageFate.set(exchange, MessageFate.LEFT);
        @SuppressWarnings("unchecked")
        AtomicReference<StateUnavailable> stoppedBy = exchange.getProperty(STOPPED_BY, AtomicReference.class);
        for (Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class); cause != null
                && stoppedBy != null; cause = cause.getCause()) {
            if (cause instanceof StateUnavailable outage) {
                stoppedBy.compareAndSet(null, outage);
                return;
            }
        }
    }

    /** After the release: fails it when it was stopped, so that it is not confirmed but resumed. */
    public void end(Exchange exchange) {
        AtomicReference<?> stoppedBy = exchange.getProperty(STOPPED_BY, AtomicReference.class);
        exchange.removeProperty(STOPPED_BY);
        if (stoppedBy != null && stoppedBy.get() instanceof StateUnavailable outage) {
            throw outage;
        }
    }
}
