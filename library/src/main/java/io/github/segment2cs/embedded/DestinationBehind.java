package io.github.segment2cs.embedded;

/**
 * Thrown to the host's error handler by the segment-to-clientsuccess-sink Kamelet when routing is
 * behind: the message was not recorded, and sending it again later (a redelivery policy, or the
 * source's own retry) records it.
 */
public class DestinationBehind extends RuntimeException {

    public DestinationBehind(String message) {
        super(message);
    }
}
