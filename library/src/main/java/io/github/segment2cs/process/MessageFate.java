package io.github.segment2cs.process;

import org.apache.camel.Exchange;

/**
 * What became of a message, set by the step that did it (an exchange property). Routing applies it
 * to the stored state, skips it with a reason, queues it for delivery, holds it or parks it as a
 * dead letter; delivering delivers it or parks it. Either may leave it for a later attempt (the
 * database went away, a transient failure). {@link FateCheck} gives a message that ends without
 * one the fate "skipped", naming the step where it ended.
 */
public record MessageFate(String step, String reason) {

    /** Exchange property holding the message's fate. */
    public static final String PROPERTY = "messageFate";

    public static final String APPLIED = "applied";
    public static final String SKIPPED = "skipped";
    public static final String QUEUED = "queued";
    public static final String HELD = "held";
    public static final String DEAD_LETTERED = "dead-lettered";
    /** A delivery that reached ClientSuccess. */
    public static final String DELIVERED = "delivered";
    /** Not routed: it stays where it was (the inbox, the hold-back) and is routed again later. */
    public static final String LEFT = "left for a later attempt";

    public static void set(Exchange exchange, String step, String reason) {
        exchange.setProperty(PROPERTY, new MessageFate(step, reason));
    }

    public static void set(Exchange exchange, String step) {
        set(exchange, step, null);
    }

    /** The message's fate, or null while it has none. */
    public static MessageFate of(Exchange exchange) {
        return exchange.getProperty(PROPERTY, MessageFate.class);
    }
}
