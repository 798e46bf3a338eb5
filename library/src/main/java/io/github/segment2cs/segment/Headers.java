package io.github.segment2cs.segment;

import io.github.segment2cs.clientsuccess.UsageApi;

/** Names of the exchange headers and properties the routes and processors share. */
public final class Headers {

    /** The message's Segment type: the content-based router's key. */
    public static final String TYPE = "segmentType";
    public static final String USER_ID = "userId";
    public static final String MESSAGE_ID = "messageId";
    /** Set when a message is deliberately not delivered; names why. */
    public static final String SKIP_REASON = "skipReason";
    /** Set when a message goes to the dead-letter store; names why. */
    public static final String DEAD_LETTER_REASON = "deadLetterReason";
    /** Deliver even without a known organization (operator release). */
    public static final String FORCE_DELIVERY = "forceDelivery";
    /**
     * The ClientSuccess event name of a track, page or screen message (after naming, the allow-list
     * and renames); routes may change it.
     */
    public static final String EVENT_NAME = UsageApi.EVENT_HEADER;
    /** The event's value (a number; text that is one counts, anything else is 1); routes may change it. */
    public static final String EVENT_VALUE = "ClientSuccessValue";
    /** Whether the organization of a usage event is known, so it can be delivered now. */
    public static final String ORGANIZATION_KNOWN = "organizationKnown";
    /** A control message for the hold-back aggregator: release, transfer, expire, timeout, force. */
    public static final String HOLD_CONTROL = "holdControl";
    /** For a transfer (alias): the user who takes over the held events. */
    public static final String TRANSFER_TO = "holdTransferTo";
    /** When a held event was first held (epoch ms), kept when it is held again. */
    public static final String HELD_AT = "heldAt";
    /** What to do with a held event after its group completed: deliver, rehold or expire. */
    public static final String HOLD_DISPOSITION = "holdDisposition";

    private Headers() {
    }
}
