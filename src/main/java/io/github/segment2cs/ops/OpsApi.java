package io.github.segment2cs.ops;

import com.fasterxml.jackson.databind.util.RawValue;
import io.github.segment2cs.holdback.HeldEventRepository;
import io.github.segment2cs.holdback.HeldEventSweeper;
import io.github.segment2cs.holdback.HoldCommand;
import io.github.segment2cs.metrics.EventCounters;
import io.github.segment2cs.receive.RequestRejected;
import io.github.segment2cs.store.DeadLetterStore;
import io.github.segment2cs.store.InboxStore;
import io.github.segment2cs.store.MessageHistory;
import io.github.segment2cs.store.OutboxStore;
import io.github.segment2cs.store.StateDatabase;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.FluentProducerTemplate;

/** The operator API's actions: dead letters (list, replay, delete) and held events (list, release, expire). */
@ApplicationScoped
@Named("opsApi")
@RegisterForReflection(methods = true)
public class OpsApi {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final DeadLetterStore deadLetters;
    private final HeldEventRepository held;
    private final InboxStore inbox;
    private final OutboxStore outbox;
    private final FluentProducerTemplate producer;
    private final EventCounters counters;
    private final MessageHistory history;
    private final StateDatabase database;

    OpsApi(DeadLetterStore deadLetters, HeldEventRepository held, InboxStore inbox, OutboxStore outbox,
            FluentProducerTemplate producer, EventCounters counters, MessageHistory history, StateDatabase database) {
        this.deadLetters = deadLetters;
        this.held = held;
        this.inbox = inbox;
        this.outbox = outbox;
        this.producer = producer;
        this.counters = counters;
        this.history = history;
        this.database = database;
    }

    public Map<String, Object> listDeadLetters(Exchange exchange) throws Exception {
        int offset = intParameter(exchange, "offset", 0);
        int limit = Math.min(intParameter(exchange, "limit", DEFAULT_LIMIT), MAX_LIMIT);
        String reason = exchange.getIn().getHeader("reason", String.class);
        List<Map<String, Object>> items = new java.util.ArrayList<>();
        for (DeadLetterStore.DeadLetter letter : deadLetters.list(reason, offset, limit)) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", letter.id());
            item.put("messageId", letter.messageId());
            item.put("userId", letter.userId());
            item.put("event", letter.eventId());
            item.put("reason", letter.reason());
            item.put("lastStatus", letter.lastStatus());
            item.put("responseBody", letter.responseBody());
            item.put("attempts", letter.attempts());
            item.put("firstFailureAt", Instant.ofEpochMilli(letter.firstFailureAt()).toString());
            item.put("lastFailureAt", Instant.ofEpochMilli(letter.lastFailureAt()).toString());
            // Written as stored, not parsed again: whatever a sender nested in it, the listing answers.
            item.put("message", new RawValue(letter.message()));
            items.add(item);
        }
        return page(items, offset, limit, deadLetters.count(reason));
    }

    public Map<String, Object> replayDeadLetters(Exchange exchange) {
        String id = exchange.getIn().getHeader("id", String.class);
        int replayed = deadLetters.replay(id == null || id.isBlank() ? null : longParameter("id", id));
        counters.count(EventCounters.REPLAYED, "", replayed);
        if (id != null && !id.isBlank() && replayed == 0) {
            throw new RequestRejected(404, "no dead letter with id " + id);
        }
        return Map.of("replayed", replayed);
    }

    public Map<String, Object> deleteDeadLetter(Exchange exchange) {
        String id = exchange.getIn().getHeader("id", String.class);
        if (!deadLetters.delete(longParameter("id", id))) {
            throw new RequestRejected(404, "no dead letter with id " + id);
        }
        return Map.of("deleted", 1);
    }

    public Map<String, Object> listHeld(Exchange exchange) {
        int offset = intParameter(exchange, "offset", 0);
        int limit = Math.min(intParameter(exchange, "limit", DEFAULT_LIMIT), MAX_LIMIT);
        List<Map<String, Object>> items = held.heldUsers(offset, limit).stream().map(user -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("userId", user.userId());
            item.put("events", user.events());
            item.put("oldestHeldAt", Instant.ofEpochMilli(user.oldestAt()).toString());
            return item;
        }).toList();
        return page(items, offset, limit, held.heldUsers());
    }

    /** Delivers a user's held events now, with whatever organization is known (none: the user alone). */
    public Map<String, Object> releaseHeld(Exchange exchange) {
        return control(exchange, HoldCommand.FORCE, "released");
    }

    /** Sends a user's held events to the dead-letter store now. */
    public Map<String, Object> expireHeld(Exchange exchange) {
        return control(exchange, HoldCommand.EXPIRE, "expired");
    }

    /** What became of a message: its fate now (with the reason) and every step on record, oldest first. */
    public Map<String, Object> message(Exchange exchange) {
        String messageId = exchange.getIn().getHeader("messageId", String.class);
        MessageHistory.Fate fate = history.of(messageId)
                .orElseThrow(() -> new RequestRejected(404, "no message with messageId '" + messageId + "' on record"));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("messageId", fate.messageId());
        answer.put("fate", fate.fate());
        answer.put("reason", fate.reason());
        answer.put("history", fate.history().stream().map(step -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("at", Instant.ofEpochMilli(step.at()).toString());
            item.put("step", step.step());
            item.put("detail", step.detail());
            return item;
        }).toList());
        return answer;
    }

    public Map<String, Object> stats(Exchange exchange) {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("awaitingRouting", inbox.pending());
        stats.put("awaitingDelivery", outbox.waiting());
        stats.put("held", held.heldEvents());
        stats.put("heldUsers", held.heldUsers());
        stats.put("deadLetters", deadLetters.count(null));
        return stats;
    }

    private Map<String, Object> control(Exchange exchange, HoldCommand control, String done) {
        String userId = exchange.getIn().getHeader("userId", String.class);
        if (!held.holdsEventsOf(userId)) {
            throw new RequestRejected(404, "no held events for user '" + userId + "'");
        }
        Exchange sent = producer.withHeaders(new LinkedHashMap<>(HeldEventSweeper.control(userId, control)))
                .to("direct:s2cs-hold-back").send();
        // A release the database stopped is not reported as done: the error answers (503 for an outage).
        if (sent.getException() instanceof RuntimeException failed) {
            throw failed;
        }
        if (sent.getException() != null) {
            throw new IllegalStateException(sent.getException());
        }
        database.awaitDurable();
        return Map.of(done, userId);
    }

    private static Map<String, Object> page(List<Map<String, Object>> items, int offset, int limit, long total) {
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("offset", offset);
        page.put("limit", limit);
        page.put("total", total);
        page.put("items", items);
        return page;
    }

    private static int intParameter(Exchange exchange, String name, int fallback) {
        String value = exchange.getIn().getHeader(name, String.class);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        long parsed = longParameter(name, value);
        if (parsed < 0 || parsed > Integer.MAX_VALUE) {
            throw new RequestRejected(400, "parameter '" + name + "' must be a non-negative integer");
        }
        return (int) parsed;
    }

    private static long longParameter(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException | NullPointerException e) {
            throw new RequestRejected(400, "parameter '" + name + "' must be an integer");
        }
    }
}
