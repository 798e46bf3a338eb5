package io.github.segment2cs.deliver;

import io.github.segment2cs.clientsuccess.UsageApi;
import io.github.segment2cs.store.OutboxStore;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Prepares the Usage API call for a claimed delivery: {@code .../events/{encoded event}} with the
 * JSON body. The method, POST, is named in deliver.yaml; the API key is added inside the HTTP client
 * by the {@code clientSuccessApiKey} bean (UsageApiClient).
 */
public class ClientSuccessRequest implements Processor {

    /** Property holding the claimed outbox row while it is being delivered. */
    public static final String PENDING = "pendingDelivery";
    /** Property holding what the claimed row delivers: {@code usage} or {@code client-fields} (OutboxStore). */
    public static final String KIND = "deliveryKind";

    @Override
    public void process(Exchange exchange) {
        OutboxStore.Pending pending = exchange.getIn().getBody(OutboxStore.Pending.class);
        exchange.setProperty(PENDING, pending);
        exchange.setProperty(KIND, pending.kind());
        Message out = exchange.getIn();
        out.removeHeaders("*");
        out.setHeader(Exchange.HTTP_PATH, UsageApi.encode(pending.eventId()));
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setBody(pending.payload());
    }
}
