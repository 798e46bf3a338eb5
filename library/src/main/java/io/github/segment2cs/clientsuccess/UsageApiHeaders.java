package io.github.segment2cs.clientsuccess;

import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpHeaderFilterStrategy;

/**
 * Sends none of the exchange's headers to ClientSuccess as HTTP headers: a sink shares its exchange
 * with the caller, whose headers (an Authorization of its own, say) are not ClientSuccess's to see.
 * The call's content type is set from {@link Exchange#CONTENT_TYPE} by the HTTP producer itself.
 * What ClientSuccess answers is filtered as Camel's HTTP components do by default.
 */
public class UsageApiHeaders extends HttpHeaderFilterStrategy {

    @Override
    public boolean applyFilterToCamelHeaders(String headerName, Object headerValue, Exchange exchange) {
        return true;
    }
}
