package io.github.segment2cs.embedded;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.segment2cs.metrics.EventCounters;
import io.github.segment2cs.process.IntakePace;
import io.github.segment2cs.segment.InboxEntry;
import io.github.segment2cs.store.InboxStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Exchange;

/**
 * Records one Segment message, handed to the segment-to-clientsuccess-sink Kamelet, in the durable
 * inbox, from where the routes take it. A repeat of a messageId seen within the de-duplication
 * window is counted and not recorded again. What cannot be recorded is thrown to the caller as
 * {@link InboxEntry.Refused}, naming the field. While routing is behind, the caller waits for it
 * ({@link IntakePace}), as the service's senders do, and then gets {@link DestinationBehind}: a host
 * whose source is faster than the destination is slowed to its pace, rather than growing the
 * inbox without end.
 */
public class MessageIntake {

    /** Header set on the caller's message: true when the messageId had been seen before. */
    public static final String DUPLICATE_HEADER = "S2csDuplicate";
    static final String SOURCE = "kamelet";

    private final InboxStore inbox;
    private final EventCounters counters;
    private final IntakePace pace;

    public MessageIntake(InboxStore inbox, EventCounters counters, IntakePace pace) {
        this.inbox = inbox;
        this.counters = counters;
        this.pace = pace;
    }

    public void accept(Exchange exchange) {
        long seen = pace.openings();
        if (pace.behind() && !pace.awaitRouting(seen)) {
            counters.count(EventCounters.REFUSED, "routing behind");
            throw new DestinationBehind("segment-to-clientsuccess-sink is behind: " + pace.maxBacklog()
                    + " or more recorded messages wait to be routed (Kamelet property maxBacklog), and routing did "
                    + "not catch up within maxWait; the message was not recorded: send it again later");
        }
        long receivedAt = System.currentTimeMillis();
        InboxEntry entry;
        try {
            entry = InboxEntry.of(message(exchange), receivedAt,
                    () -> "generated-" + UUID.randomUUID());
        } catch (InboxEntry.Refused refused) {
            counters.count(EventCounters.REJECTED, "invalid message");
            throw refused;
        }
        boolean fresh = inbox.accept(List.of(new InboxStore.Accepted(SOURCE, entry.messageId(), entry.orderKey(),
                receivedAt, entry.json())))[0];
        counters.count(fresh ? EventCounters.ACCEPTED : EventCounters.DUPLICATE,
                fresh ? "" : "messageId seen before");
        exchange.getMessage().setHeader(DUPLICATE_HEADER, !fresh);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> message(Exchange exchange) {
        if (exchange.getMessage().getBody() instanceof Map<?, ?> map) {
            return new LinkedHashMap<>((Map<String, Object>) map);
        }
        String text = exchange.getMessage().getBody(String.class);
        if (text == null || text.isBlank()) {
            throw new InboxEntry.Refused("the body is empty: one Segment message as JSON is required");
        }
        try {
            if (InboxEntry.JSON.readValue(text, Object.class) instanceof Map<?, ?> parsed) {
                return (Map<String, Object>) parsed;
            }
        } catch (JsonProcessingException e) {
            throw new InboxEntry.Refused("the body is not JSON: " + e.getOriginalMessage());
        }
        throw new InboxEntry.Refused("the body must be one Segment message, a JSON object");
    }
}
