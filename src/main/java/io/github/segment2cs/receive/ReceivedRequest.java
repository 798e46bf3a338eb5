package io.github.segment2cs.receive;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** What a request to the tracking API carried: the messages accepted for recording, and the rejected. */
public record ReceivedRequest(String source, long receivedAt, List<Message> accepted, List<Rejection> rejected) {

    /** An accepted message, serialized as it will be stored, with its {@code SegmentMessage#orderKey}. */
    public record Message(String messageId, String orderKey, String json) {
    }

    /** A message refused, by its index in the request, with a reason that names the field or limit. */
    @RegisterForReflection
    public record Rejection(int index, String error) {
    }
}
