package io.github.segment2cs.receive;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.segment2cs.metrics.EventCounters;
import io.github.segment2cs.store.InboxStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Records a request's accepted messages durably (one transaction), then answers the sender: only
 * what is recorded is acknowledged. Duplicates of a messageId already seen are answered 200 too.
 */
@ApplicationScoped
@Named("messageAcceptance")
public class MessageAcceptance implements Processor {

    private final InboxStore inbox;
    private final EventCounters counters;
    private final ObjectMapper json;

    MessageAcceptance(InboxStore inbox, EventCounters counters, ObjectMapper json) {
        this.inbox = inbox;
        this.counters = counters;
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        ReceivedRequest request = exchange.getIn().getBody(ReceivedRequest.class);
        List<InboxStore.Accepted> records = new ArrayList<>(request.accepted().size());
        for (ReceivedRequest.Message message : request.accepted()) {
            records.add(new InboxStore.Accepted(request.source(), message.messageId(), message.orderKey(),
                    request.receivedAt(), message.json()));
        }
        boolean[] fresh = inbox.accept(records);
        int duplicates = 0;
        for (boolean isNew : fresh) {
            duplicates += isNew ? 0 : 1;
        }
        counters.count(EventCounters.ACCEPTED, "", fresh.length - duplicates);
        counters.count(EventCounters.DUPLICATE, "messageId seen before", duplicates);
        counters.count(EventCounters.REJECTED, "invalid message", request.rejected().size());

        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("success", true);
        if (duplicates > 0) {
            answer.put("duplicates", duplicates);
        }
        if (!request.rejected().isEmpty()) {
            answer.put("rejected", request.rejected());
        }
        exchange.getMessage().setBody(json.writeValueAsString(answer));
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
    }
}
