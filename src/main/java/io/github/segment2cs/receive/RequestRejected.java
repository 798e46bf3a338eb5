package io.github.segment2cs.receive;

/** A request refused as a whole; the receive route answers {@code status} with a JSON error. */
public class RequestRejected extends RuntimeException {

    private final int status;

    public RequestRejected(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
