package io.github.segment2cs.receive;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.segment2cs.store.StateException;
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
        StateException state = stateFailure(cause);
        if (cause instanceof RequestRejected rejected) {
            status = rejected.status();
            error = rejected.getMessage();
        } else if (state != null && !StateException.causedByTheData(state)) {
            // The store is unreachable or closed: nothing was recorded; the sender should come back.
            status = 503;
            error = "the state database is unavailable: the request was not recorded, retry later";
            LOG.warnf("Request refused with 503, the state database is unavailable: %s", state.getMessage());
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

    private static StateException stateFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof StateException state) {
                return state;
            }
        }
        return null;
    }
}
