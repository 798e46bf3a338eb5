package io.github.segment2cs.segment;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One Segment message as the inbox records it: valid, with a messageId and the time it was
 * received, and at most {@value #MAX_BYTES} bytes of JSON (Segment's limit for one message).
 */
public record InboxEntry(String messageId, String orderKey, String json) {

    public static final int MAX_BYTES = 32 * 1024;
    /** Nesting depth at most: far beyond any Segment event, and far below what the store's JSON can take. */
    public static final int MAX_DEPTH = 64;
    /** Reads what is received: one JSON value, nested at most {@value #MAX_DEPTH} deep, nothing after it. */
    public static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build()).build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    /**
     * The entry for {@code message}, which gains a messageId (from {@code missingMessageId}) and
     * {@code receivedAt} where it has none.
     *
     * @throws Refused with the reason, naming the field, when the message cannot be recorded
     */
    public static InboxEntry of(Map<String, Object> message, long receivedAt, Supplier<String> missingMessageId) {
        String problem = MessageValidator.problem(new SegmentMessage(message));
        if (problem != null) {
            throw new Refused(problem);
        }
        if (new SegmentMessage(message).messageId() == null) {
            message.put("messageId", missingMessageId.get());
        }
        message.putIfAbsent(SegmentMessage.RECEIVED_AT, Instant.ofEpochMilli(receivedAt).toString());
        byte[] serialized;
        try {
            serialized = JSON.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new Refused("message cannot be serialized: " + e.getOriginalMessage());
        }
        if (serialized.length > MAX_BYTES) {
            throw new Refused("message is " + serialized.length + " bytes, over the 32 KB limit");
        }
        SegmentMessage recorded = new SegmentMessage(message);
        return new InboxEntry(recorded.messageId(), recorded.orderKey(),
                new String(serialized, StandardCharsets.UTF_8));
    }

    /** Why a message cannot be recorded; the message names the field. */
    public static final class Refused extends IllegalArgumentException {

        public Refused(String reason) {
            super(reason);
        }

        /** A refusal is an answer to the sender, not a fault: where it was thrown says nothing. */
        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
