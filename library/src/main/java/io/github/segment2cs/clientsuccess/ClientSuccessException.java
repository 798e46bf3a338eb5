package io.github.segment2cs.clientsuccess;

/** A Usage API call that failed: the HTTP status (0 when no answer came) and ClientSuccess's reply. */
public abstract class ClientSuccessException extends Exception {

    private final int statusCode;
    private final String responseBody;

    protected ClientSuccessException(String message, int statusCode, String responseBody, Throwable cause) {
        super(message, cause);
        this.statusCode = statusCode;
        this.responseBody = responseBody;
    }

    public int getStatusCode() {
        return statusCode;
    }

    public String getResponseBody() {
        return responseBody;
    }
}
