package io.github.segment2cs.clientsuccess;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * Gives the caller of a Usage API call a failure it can tell apart: {@link ClientSuccessUnavailable}
 * for what is worth trying again (408, 429, 5xx, no answer), {@link ClientSuccessRejected} for what
 * is not, each with the status and ClientSuccess's reply. Runs where the call's failure was caught,
 * and throws it on, translated.
 */
public class UsageApiFailures implements Processor {

    @Override
    public void process(Exchange exchange) throws ClientSuccessException {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        throw translate(caught, System.currentTimeMillis());
    }

    static ClientSuccessException translate(Throwable caught, long now) {
        if (caught instanceof HttpOperationFailedException http) {
            int status = http.getStatusCode();
            String message = "ClientSuccess answered " + status + (http.getResponseBody() == null
                    || http.getResponseBody().isBlank() ? "" : ": " + http.getResponseBody());
            if (UsageApi.isTransient(status)) {
                String retryAfter = http.getResponseHeaders() == null ? null : http.getResponseHeaders().get("Retry-After");
                return new ClientSuccessUnavailable(message, status, http.getResponseBody(),
                        UsageApi.retryAfterMillis(retryAfter, now), http);
            }
            return new ClientSuccessRejected(message, status, http.getResponseBody(), http);
        }
        return new ClientSuccessUnavailable("no answer from ClientSuccess: " + caught, 0, null, null, caught);
    }
}
