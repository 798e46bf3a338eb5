package io.github.segment2cs.process;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;

/**
 * Lets a draining route claim again at once while its claims come back full, so a backlog drains
 * back to back and the timer's period is only the pause when there is nothing to do. A run is
 * bounded, and ends when Camel is stopping, so a graceful stop never waits for a whole backlog.
 * A run starts by freeing the claims its route left behind when an earlier run failed: the routes'
 * timers are synchronous, so no claim of theirs is in flight then.
 */
public final class DrainLoop {

    /** Property the routes' {@code loop} tests: claim again at once. */
    public static final String MORE = "moreDue";
    static final int MAX_ROUNDS = 20;

    private DrainLoop() {
    }

    /** Whether this is the run's first claim: none of the route's earlier claims is in flight then. */
    public static boolean firstRound(Exchange exchange) {
        return exchange.getProperty(ExchangePropertyKey.LOOP_INDEX, 0, Integer.class) == 0;
    }

    /** Records on the exchange whether the route's loop should claim again after this claim. */
    public static void afterClaim(Exchange exchange, int claimed, int batchSize) {
        int round = exchange.getProperty(ExchangePropertyKey.LOOP_INDEX, 0, Integer.class) + 1;
        exchange.setProperty(MORE, claimed >= batchSize && round < MAX_ROUNDS && !exchange.getContext().isStopping());
    }
}
