package io.github.segment2cs.clientsuccess;

/** ClientSuccess refused the event (a 4xx other than 408 and 429) and would refuse it again. */
public class ClientSuccessRejected extends ClientSuccessException {

    public ClientSuccessRejected(String message, int statusCode, String responseBody, Throwable cause) {
        super(message, statusCode, responseBody, cause);
    }
}
