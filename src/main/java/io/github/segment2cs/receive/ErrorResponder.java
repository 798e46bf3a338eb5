package io.github.segment2cs.receive;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.segment2cs.store.StateUnavailable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.jboss.logging.Logger;

/**
 * Answers a failed request with a JSON error: the refusal's own status and reason; 503 with
 * {@code Retry-After} when the state database is unavailable; otherwise a plain 500.
 */
@ApplicationScoped
@Named("errorResponder")
public class ErrorResponder implements Processor {

    private static final Logger LOG = Logger.getLogger(ErrorResponder.class);

    static final String RETRY_AFTER_SECONDS = "5";

    private final ObjectMapper json;

    ErrorResponder(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        int status;
        String error;
        if (cause instanceof RequestRejected rejected) {
            status = rejected.status();
            error = rejected.getMessage();
        } else if (unavailable(cause)) {
            // Nothing was recorded; the sender should come back. StateOutage logs the outage itself,
            // once, rather than every request it refuses (each is counted as refused, HTTP 503).
            status = 503;
            error = "the state database is unavailable: the request was not recorded, retry later";
            LOG.debugf("Request refused with 503: %s", cause.getMessage());
        } else {
            status = 500;
            error = "internal error: the request was not recorded, retry later";
            LOG.error("Request failed", cause);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("success", false);
        answer.put("error", error);
        exchange.getMessage().removeHeaders("*");
        if (status == 503) {
            exchange.getMessage().setHeader("Retry-After", RETRY_AFTER_SECONDS);
        }
        exchange.getMessage().setBody(json.writeValueAsString(answer));
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
    }

    private static boolean unavailable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof StateUnavailable) {
                return true;
            }
        }
        return false;
    }
}
