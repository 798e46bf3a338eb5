package io.github.segment2cs.deliver;

import io.github.segment2cs.store.OutboxStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Prepares the Usage API call for a claimed delivery: {@code .../events/{encoded event}} with the
 * JSON body (the method, POST, is named in deliver.yaml; the API key is added by
 * {@link ClientSuccessApiKey} inside the HTTP client).
 */
@ApplicationScoped
@Named("clientSuccessRequest")
public class ClientSuccessRequest implements Processor {

    /** Property holding the claimed outbox row while it is being delivered. */
    public static final String PENDING = "pendingDelivery";

    @Override
    public void process(Exchange exchange) {
        OutboxStore.Pending pending = exchange.getIn().getBody(OutboxStore.Pending.class);
        exchange.setProperty(PENDING, pending);
        Message out = exchange.getIn();
        out.removeHeaders("*");
        out.setHeader(Exchange.HTTP_PATH, encode(pending.eventId()));
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setBody(pending.payload());
    }

    /**
     * Percent-encoding for a path segment or query value: a space is %20, not +, {@code *} is
     * encoded like every other reserved character, and a name of only dots ({@code .}, {@code ..})
     * is encoded whole, so that nothing between here and ClientSuccess reads it as a dot segment.
     */
    static String encode(String value) {
        String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A");
        return !encoded.isEmpty() && encoded.chars().allMatch(c -> c == '.') ? encoded.replace(".", "%2E") : encoded;
    }
}
