package io.github.segment2cs.process;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;

/**
 * Lets a draining route claim again at once while its claims come back full, so a backlog drains
 * back to back and the timer's period is only the pause when there is nothing to do. A run is
 * bounded, and ends when Camel is stopping, so a graceful stop never waits for a whole backlog.
 */
public final class DrainLoop {

    /** Property the routes' {@code loop} tests: claim again at once. */
    public static final String MORE = "moreDue";
    static final int MAX_ROUNDS = 20;

    private DrainLoop() {
    }

    /** Records on the exchange whether the route's loop should claim again after this claim. */
    public static void afterClaim(Exchange exchange, int claimed, int batchSize) {
        int round = exchange.getProperty(ExchangePropertyKey.LOOP_INDEX, 0, Integer.class) + 1;
        exchange.setProperty(MORE, claimed >= batchSize && round < MAX_ROUNDS && !exchange.getContext().isStopping());
    }
}
