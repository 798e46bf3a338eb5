package io.github.segment2cs.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class ParsingBudgetTest {

    final ParsingBudget budget = new ParsingBudget(100, Duration.ofMillis(100));

    @Test
    void aRequestOverTheBudgetInFlightWaitsThenGetsA503AndItsShareComesBackWhenTheOtherIsDone() {
        Exchange first = exchange();
        budget.take(first, 60 * 1024);

        RequestRejected busy = assertThrows(RequestRejected.class, () -> budget.take(exchange(), 60 * 1024));
        assertEquals(503, busy.status());

        done(first);
        budget.take(exchange(), 60 * 1024);
    }

    @Test
    void aRequestLargerThanTheWholeBudgetTakesAllOfItRatherThanWaitingForEver() {
        Exchange large = exchange();
        budget.take(large, 500 * 1024);
        assertThrows(RequestRejected.class, () -> budget.take(exchange(), 1));
        done(large);
        budget.take(exchange(), 1);
    }

    /** What Camel does when the request's exchange is done: it runs the exchange's on-completions. */
    static void done(Exchange exchange) {
        exchange.getExchangeExtension().handoverCompletions().forEach(completion -> completion.onComplete(exchange));
    }

    static Exchange exchange() {
        return new DefaultExchange(new DefaultCamelContext());
    }
}
