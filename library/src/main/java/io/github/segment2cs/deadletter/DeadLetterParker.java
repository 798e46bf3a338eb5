package io.github.segment2cs.deadletter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.segment2cs.metrics.EventCounters;
import io.github.segment2cs.process.MessageFate;
import io.github.segment2cs.segment.Headers;
import io.github.segment2cs.segment.LogSafe;
import io.github.segment2cs.segment.SegmentMessage;
import io.github.segment2cs.store.DeadLetterStore;
import io.github.segment2cs.store.InboxStore;
import io.github.segment2cs.store.StateException;
import io.github.segment2cs.transform.ClientSuccessEventBuilder;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parks the exchange's Segment message in the dead-letter store with the reason in
 * {@link Headers#DEAD_LETTER_REASON}, or, for a message a processor threw on, the exception. After
 * the event builder, the message is the {@code segmentMessage} property rather than the body.
 */
public class DeadLetterParker implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterParker.class);

    private final DeadLetterStore deadLetters;
    private final EventCounters counters;
    private final ObjectMapper json;

    public DeadLetterParker(DeadLetterStore deadLetters, EventCounters counters, ObjectMapper json) {
        this.deadLetters = deadLetters;
        this.counters = counters;
        this.json = json;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) throws Exception {
        String reason = exchange.getIn().getHeader(Headers.DEAD_LETTER_REASON, String.class);
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (reason == null) {
            reason = failure instanceof StateException data ? "the store cannot take this message: " + data.reason()
                    : "processing failed: " + (failure == null ? "unknown error" : failure.getClass().getSimpleName()
                            + (failure.getMessage() == null ? "" : ": " + failure.getMessage().lines().findFirst()
                                    .orElse("")));
        }
        // Once the body is the ClientSuccess event, the Segment message is in a property.
        Object message = exchange.getProperty(ClientSuccessEventBuilder.SEGMENT_MESSAGE, exchange.getIn().getBody(),
                Object.class);
        if (message instanceof Map<?, ?> fields) {
            park((Map<String, Object>) fields, reason);
        } else {
            // Not a message the routes can read (the recorded text, or a body an edited route made): it is kept
            // as text, under the message's id.
            String messageId = exchange.getIn().getHeader(Headers.MESSAGE_ID, String.class);
            String text = exchange.getIn().getBody(String.class);
            if (message instanceof InboxStore.Entry unreadable) {
                messageId = unreadable.messageId();
                text = unreadable.json();
            }
            park(new DeadLetterStore.NewDeadLetter(messageId, exchange.getIn().getHeader(Headers.USER_ID, String.class),
                    null, reason, null, null, 0, System.currentTimeMillis(), asJsonText(String.valueOf(text))));
        }
        MessageFate.set(exchange, MessageFate.DEAD_LETTERED, reason);
        if (failure != null) {
            LOG.debug("The failure that parked it", failure);
        }
    }

    /**
     * Unreadable text as a JSON string, for the listing; text that is one already (a replayed
     * unreadable message) is kept as it is, so that replaying it again does not wrap it again.
     */
    private String asJsonText(String text) throws JsonProcessingException {
        try {
            json.readValue(text, String.class);
            return text;
        } catch (JsonProcessingException notAJsonString) {
            return json.writeValueAsString(text);
        }
    }

    /** Parks one message with a reason, counted and logged like every dead letter. */
    public void park(Map<String, Object> fields, String reason) throws Exception {
        park(letter(fields, reason));
    }

    /** The dead letter for a message, for a caller that stores it in a transaction of its own. */
    public DeadLetterStore.NewDeadLetter letter(Map<String, Object> fields, String reason) {
        SegmentMessage message = new SegmentMessage(fields);
        String shortReason = reason.length() > 500 ? reason.substring(0, 500) : reason;
        try {
            return new DeadLetterStore.NewDeadLetter(message.messageId(), message.userId(),
                    message.event() != null ? message.event() : message.type(), shortReason, null, null, 0,
                    System.currentTimeMillis(), json.writeValueAsString(fields));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A dead letter cannot be written as JSON", e);
        }
    }

    /** Parks a dead letter made elsewhere, counted and logged like every dead letter. */
    public void park(DeadLetterStore.NewDeadLetter letter) {
        deadLetters.park(letter);
        recorded(letter);
    }

    /**
     * Counts and logs a dead letter once it is stored. The counter's reason is what precedes the
     * first ": ", where a reason goes on with the failure's own words.
     */
    public void recorded(DeadLetterStore.NewDeadLetter letter) {
        String reason = letter.reason();
        int detail = reason.indexOf(": ");
        counters.count(EventCounters.DEAD_LETTERED, detail < 0 ? reason : reason.substring(0, detail));
        LOG.warn("Message {} of user {} parked as a dead letter: {}", LogSafe.text(letter.messageId()),
                LogSafe.text(letter.userId()), LogSafe.text(reason));
    }
}
