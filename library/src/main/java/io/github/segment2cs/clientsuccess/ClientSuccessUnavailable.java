package io.github.segment2cs.clientsuccess;

/**
 * ClientSuccess may take the event later: it answered 408, 429 or 5xx, or no answer came (an I/O
 * error, a timeout). Worth trying again, no sooner than {@link #getRetryAfterMillis()} when it said.
 */
public class ClientSuccessUnavailable extends ClientSuccessException {

    private final Long retryAfterMillis;

    public ClientSuccessUnavailable(String message, int statusCode, String responseBody, Long retryAfterMillis,
            Throwable cause) {
        super(message, statusCode, responseBody, cause);
        this.retryAfterMillis = retryAfterMillis;
    }

    /** What {@code Retry-After} asked for, in milliseconds from the answer; null when it did not. */
    public Long getRetryAfterMillis() {
        return retryAfterMillis;
    }
}
