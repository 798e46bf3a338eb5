package io.github.segment2cs.receive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.segment2cs.segment.MessageValidator;
import io.github.segment2cs.segment.SegmentMessage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
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
    static final int MAX_MESSAGE_BYTES = 32 * 1024;
    static final int MAX_BATCH_MESSAGES = 2500;
    private static final String[] BATCH_LEVEL_OBJECTS = { "context", "integrations" };

    private final ObjectMapper json;
    private final WriteKeys writeKeys;
    private final SignatureVerifier signatures;

    SegmentRequestReader(ObjectMapper json, WriteKeys writeKeys, SignatureVerifier signatures) {
        this.json = json;
        this.writeKeys = writeKeys;
        this.signatures = signatures;
    }

    @Override
    public void process(Exchange exchange) {
        String contentType = exchange.getIn().getHeader(Exchange.CONTENT_TYPE, String.class);
        if (contentType != null && contentType.startsWith("application/x-www-form-urlencoded")) {
            throw new RequestRejected(415, "header 'Content-Type' must be application/json, not " + contentType);
        }
        byte[] body = exchange.getIn().getBody(byte[].class);
        if (body == null || body.length == 0) {
            throw new RequestRejected(400, "request body is empty: a JSON object is required");
        }
        if (body.length > MAX_REQUEST_BYTES) {
            throw new RequestRejected(413, "request body is " + body.length + " bytes, over the 500 KB limit");
        }
        String endpoint = exchange.getIn().getHeader(ENDPOINT, String.class);
        boolean batch = "batch".equals(endpoint);
        boolean signed = false;
        if ("webhook".equals(endpoint) && signatures.enabled()) {
            if (!signatures.verify(body, exchange.getIn().getHeader("X-Signature", String.class))) {
                throw new RequestRejected(401, "header 'X-Signature' is missing or does not match the body");
            }
            signed = true;
        }
        Map<String, Object> root = parse(body);
        String writeKey = WriteKeys.fromBasicAuth(exchange.getIn().getHeader("Authorization", String.class));
        if (writeKey == null && root.get("writeKey") instanceof String bodyKey && !bodyKey.isBlank()) {
            writeKey = bodyKey;
        }
        // Segment's Webhooks destination carries no write key: /segment is guarded by its signature.
        if (!"webhook".equals(endpoint) && writeKeys.required() && !writeKeys.accepts(writeKey)) {
            throw new RequestRejected(401,
                    "a valid write key is required: as the HTTP Basic user name or in field 'writeKey'");
        }
        if (!batch && body.length > MAX_MESSAGE_BYTES) {
            throw new RequestRejected(413, "message is " + body.length + " bytes, over the 32 KB limit");
        }
        long receivedAt = System.currentTimeMillis();
        List<Object> items = batch ? batchItems(root) : List.of(root);
        String impliedType = batch || "webhook".equals(endpoint) ? null : endpoint;

        List<ReceivedRequest.Message> accepted = new ArrayList<>();
        List<ReceivedRequest.Rejection> rejected = new ArrayList<>();
        for (int index = 0; index < items.size(); index++) {
            String problem = accept(items.get(index), index, batch ? root : null, impliedType, receivedAt, accepted);
            if (problem != null) {
                rejected.add(new ReceivedRequest.Rejection(index, problem));
            }
        }
        if (!batch && !rejected.isEmpty()) {
            String problem = rejected.get(0).error();
            throw new RequestRejected(problem.contains("32 KB") ? 413 : 400, problem);
        }
        String source = writeKey != null ? writeKey : signed ? "webhook" : "anonymous";
        exchange.getIn().setBody(new ReceivedRequest(source, receivedAt, accepted, rejected));
    }

    /** Prepares one message for recording; returns why it cannot be accepted, or null. */
    @SuppressWarnings("unchecked")
    private String accept(Object item, int index, Map<String, Object> batchRoot, String impliedType, long receivedAt,
            List<ReceivedRequest.Message> accepted) {
        String where = batchRoot == null ? "" : "batch[" + index + "]: ";
        if (!(item instanceof Map)) {
            return where + "a message must be a JSON object";
        }
        Map<String, Object> message = new LinkedHashMap<>((Map<String, Object>) item);
        message.remove("writeKey");
        if (batchRoot != null) {
            mergeBatchLevel(batchRoot, message);
        }
        if (impliedType != null && message.get("type") == null) {
            message.put("type", impliedType);
        }
        String problem = MessageValidator.problem(new SegmentMessage(message));
        if (problem != null) {
            return where + problem;
        }
        message.putIfAbsent(SegmentMessage.RECEIVED_AT, Instant.ofEpochMilli(receivedAt).toString());
        if (new SegmentMessage(message).messageId() == null) {
            message.put("messageId", "generated-" + UUID.randomUUID());
        }
        String serialized;
        try {
            serialized = json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            return where + "message cannot be serialized: " + e.getOriginalMessage();
        }
        if (serialized.length() > MAX_MESSAGE_BYTES) {
            return where + "message is over the 32 KB limit";
        }
        accepted.add(new ReceivedRequest.Message(index, new SegmentMessage(message).messageId(), serialized));
        return null;
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

    @SuppressWarnings("unchecked")
    private static List<Object> batchItems(Map<String, Object> root) {
        if (!(root.get("batch") instanceof List<?> batch)) {
            throw new RequestRejected(400, "field 'batch' is required and must be an array of messages");
        }
        if (batch.size() > MAX_BATCH_MESSAGES) {
            throw new RequestRejected(400,
                    "field 'batch' has " + batch.size() + " messages, over the limit of 2500 per request");
        }
        return (List<Object>) batch;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> parse(byte[] body) {
        Object parsed;
        try {
            parsed = json.readValue(body, Object.class);
        } catch (JsonProcessingException e) {
            throw new RequestRejected(400, "body is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr()));
        } catch (IOException e) {
            throw new RequestRejected(400, "body could not be read: " + e.getMessage());
        }
        if (!(parsed instanceof Map)) {
            throw new RequestRejected(400, "body must be a JSON object");
        }
        return (Map<String, Object>) parsed;
    }
}
