package io.github.segment2cs.receive;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.segment2cs.segment.InboxEntry;
import io.github.segment2cs.segment.MessageValidator;
import io.github.segment2cs.segment.SegmentMessage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Turns one HTTP request of Segment's tracking API (or a Webhooks delivery) into the messages to
 * accept: enforces the size limits, authenticates, parses, merges batch-level fields and validates
 * each message. Whole-request problems throw {@link RequestRejected}.
 */
@ApplicationScoped
@Named("segmentRequestReader")
public class SegmentRequestReader implements Processor {

    /** Header set by the receive routes: a message type, {@code batch} or {@code webhook}. */
    public static final String ENDPOINT = "segmentEndpoint";
    static final int MAX_REQUEST_BYTES = 500 * 1024;
    static final int MAX_MESSAGE_BYTES = InboxEntry.MAX_BYTES;
    static final int MAX_BATCH_MESSAGES = 2500;
    /** Webhooks (Actions) batches: up to 4,000 events (Segment's largest batch) in up to 4 MB. */
    static final int MAX_WEBHOOK_EVENTS = 4000;
    static final int MAX_WEBHOOK_REQUEST_BYTES = 4 * 1024 * 1024;
    /** The store keeps the write key with each messageId, for de-duplication per sender. */
    static final int MAX_WRITE_KEY_LENGTH = 200;
    private static final String[] BATCH_LEVEL_OBJECTS = { "context", "integrations" };

    private final WriteKeys writeKeys;
    private final SignatureVerifier signatures;
    private final ParsingBudget budget;

    SegmentRequestReader(WriteKeys writeKeys, SignatureVerifier signatures, ParsingBudget budget) {
        this.writeKeys = writeKeys;
        this.signatures = signatures;
        this.budget = budget;
    }

    @Override
    public void process(Exchange exchange) {
        String endpoint = exchange.getIn().getHeader(ENDPOINT, String.class);
        boolean webhook = "webhook".equals(endpoint);
        int maxBytes = webhook ? MAX_WEBHOOK_REQUEST_BYTES : MAX_REQUEST_BYTES;
        // Taken before the body is copied out of the HTTP server's buffer (the receiving routes keep
        // it there, without a stream cache): requests waiting for their turn hold only what arrived.
        budget.take(exchange, RequestBody.bytesToParse(exchange.getIn(), maxBytes));
        byte[] received = exchange.getIn().getBody(byte[].class);
        byte[] body = RequestBody.read(exchange.getIn(), received, maxBytes);
        boolean signed = false;
        if (webhook && signatures.enabled()) {
            // Over the bytes as received, before they are inflated or parsed: Segment signs what it sends.
            if (!signatures.verify(received, exchange.getIn().getHeader("X-Signature", String.class))) {
                throw new RequestRejected(401, "header 'X-Signature' is missing or does not match the body");
            }
            signed = true;
        }
        Object parsed = RequestBody.parse(body);
        boolean array = webhook && parsed instanceof List;
        if (!array && !(parsed instanceof Map)) {
            throw new RequestRejected(400, webhook ? "body must be a JSON object or an array of them"
                    : "body must be a JSON object");
        }
        Map<String, Object> root = array ? Map.of() : asMap(parsed);
        String writeKey = writeKey(exchange, root, webhook);
        boolean batch = "batch".equals(endpoint);
        if (!batch && !array && body.length > MAX_MESSAGE_BYTES) {
            throw new RequestRejected(413, "message is " + body.length + " bytes, over the 32 KB limit");
        }
        long receivedAt = System.currentTimeMillis();
        List<?> items = batch ? batchItems(root) : array ? arrayItems((List<?>) parsed) : List.of(root);
        String impliedType = batch || webhook ? null : endpoint;

        List<ReceivedRequest.Message> accepted = new ArrayList<>();
        List<ReceivedRequest.Rejection> rejected = new ArrayList<>();
        for (int index = 0; index < items.size(); index++) {
            String where = batch ? "batch[" + index + "]: " : array ? "[" + index + "]: " : "";
            String problem = accept(items.get(index), batch ? root : null, impliedType, webhook, receivedAt, accepted);
            if (problem != null) {
                rejected.add(new ReceivedRequest.Rejection(index, where + problem));
            }
        }
        if (!batch && !array && !rejected.isEmpty()) {
            String problem = rejected.get(0).error();
            throw new RequestRejected(problem.contains("32 KB") ? 413 : 400, problem);
        }
        if (array && accepted.isEmpty()) {
            throw new RequestRejected(400, "none of the array's " + items.size() + " events could be accepted"
                    + (rejected.isEmpty() ? "" : "; the first: " + rejected.get(0).error()));
        }
        String source = writeKey != null ? writeKey : signed ? "webhook" : "anonymous";
        exchange.getIn().setBody(new ReceivedRequest(source, receivedAt, accepted, rejected));
    }

    /**
     * The write key, from HTTP Basic auth or the body, checked against SEGMENT_WRITE_KEYS. Segment's
     * Webhooks destination carries none: /segment is guarded by its signature.
     */
    private String writeKey(Exchange exchange, Map<String, Object> root, boolean webhook) {
        String writeKey = WriteKeys.fromBasicAuth(exchange.getIn().getHeader("Authorization", String.class));
        if (writeKey == null && root.get("writeKey") instanceof String bodyKey && !bodyKey.isBlank()) {
            writeKey = bodyKey;
        }
        if (!webhook && writeKeys.required() && !writeKeys.accepts(writeKey)) {
            throw new RequestRejected(401,
                    "a valid write key is required: as the HTTP Basic user name or in field 'writeKey'");
        }
        if (writeKey != null && (writeKey.length() > MAX_WRITE_KEY_LENGTH || writeKey.indexOf('\u0000') >= 0)) {
            throw new RequestRejected(400, "the write key must be at most " + MAX_WRITE_KEY_LENGTH
                    + " characters, without NUL characters");
        }
        return writeKey;
    }

    /** Prepares one message for recording; returns why it cannot be accepted, or null. */
    private String accept(Object item, Map<String, Object> batchRoot, String impliedType, boolean webhook,
            long receivedAt, List<ReceivedRequest.Message> accepted) {
        if (!(item instanceof Map)) {
            return "a message must be a JSON object";
        }
        Map<String, Object> message = new LinkedHashMap<>(asMap(item));
        message.remove("writeKey");
        if (batchRoot != null) {
            mergeBatchLevel(batchRoot, message);
        }
        if (impliedType != null && message.get("type") == null) {
            message.put("type", impliedType);
        }
        String type = new SegmentMessage(message).type();
        if (webhook && (type == null || !MessageValidator.TYPES.contains(type))) {
            return "not a Segment event: map the whole event ($.) in Webhooks (Actions)";
        }
        try {
            InboxEntry entry = InboxEntry.of(message, receivedAt,
                    () -> webhook ? derivedMessageId(item) : "generated-" + UUID.randomUUID());
            accepted.add(new ReceivedRequest.Message(entry.messageId(), entry.orderKey(), entry.json()));
        } catch (InboxEntry.Refused refused) {
            return refused.getMessage();
        }
        return null;
    }

    /**
     * A messageId from the event's content, for Webhooks events mapped without one: when Segment
     * sends the same request again after a failure, its events are recognised as seen.
     */
    private static String derivedMessageId(Object item) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(RequestBody.JSON.writeValueAsBytes(item));
            return "derived-" + HexFormat.of().formatHex(digest, 0, 20);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("A messageId cannot be derived", e);
        }
    }

    /** Batch-level {@code context} and {@code integrations} fill what a message does not say itself. */
    @SuppressWarnings("unchecked")
    private static void mergeBatchLevel(Map<String, Object> root, Map<String, Object> message) {
        for (String field : BATCH_LEVEL_OBJECTS) {
            if (root.get(field) instanceof Map<?, ?> batchLevel) {
                Map<String, Object> merged = new LinkedHashMap<>((Map<String, Object>) batchLevel);
                if (message.get(field) instanceof Map<?, ?> own) {
                    merged.putAll((Map<String, Object>) own);
                }
                message.put(field, merged);
            }
        }
        if (root.get("sentAt") != null) {
            message.putIfAbsent("sentAt", root.get("sentAt"));
        }
    }

    private static List<?> batchItems(Map<String, Object> root) {
        if (!(root.get("batch") instanceof List<?> batch)) {
            throw new RequestRejected(400, "field 'batch' is required and must be an array of messages");
        }
        if (batch.size() > MAX_BATCH_MESSAGES) {
            throw new RequestRejected(400,
                    "field 'batch' has " + batch.size() + " messages, over the limit of 2500 per request");
        }
        return batch;
    }

    private static List<?> arrayItems(List<?> array) {
        if (array.size() > MAX_WEBHOOK_EVENTS) {
            throw new RequestRejected(400, "the array has " + array.size() + " events, over the limit of "
                    + MAX_WEBHOOK_EVENTS + " per request");
        }
        return array;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object object) {
        return (Map<String, Object>) object;
    }
}
