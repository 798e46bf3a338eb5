package io.github.segment2cs.holdback;

import java.util.Locale;

/**
 * What completes a user's held events, sent to the hold-back as the header {@code holdControl}
 * (its {@link #value()}), and kept with a release in progress so that a recovered release does the
 * same. README "Holding back" draws what each one leads to.
 */
public enum HoldCommand {

    /** The user's group call, or an event whose organization became known: the events are delivered. */
    RELEASE,
    /** An alias: the events become the new user's, delivered if that user has a group, else held again for them. */
    TRANSFER,
    /** An operator: the events are delivered now, with whatever organization is known. */
    FORCE,
    /** An operator: the events go to the dead-letter store now. */
    EXPIRE,
    /**
     * The hold window of the oldest event ended (the sweep found it; the aggregator's own timeout
     * does the same): events held for the whole window go to the dead-letter store, the rest are
     * held again.
     */
    TIMEOUT;

    /** As written in the header and in the stored release: the name in lower case. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The command a header or stored value names; null for none. An unknown one is refused, so that
     * a misspelt command in an edited route is parked with the reason rather than held as an event.
     */
    public static HoldCommand of(Object value) {
        if (value == null) {
            return null;
        }
        for (HoldCommand command : values()) {
            if (command.value().equals(value.toString())) {
                return command;
            }
        }
        throw new IllegalArgumentException("No such hold command: '" + value + "' (holdControl)");
    }
}
