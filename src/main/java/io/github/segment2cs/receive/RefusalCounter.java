package io.github.segment2cs.receive;

import io.github.segment2cs.metrics.EventCounters;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.regex.Pattern;

/**
 * Counts every refused request to a receiving endpoint, by status. It watches the HTTP answer
 * itself, so the refusals no route sees are counted too: a method other than POST (405) and a
 * body over the HTTP server's limit (413).
 */
@ApplicationScoped
public class RefusalCounter {

    static final Pattern RECEIVING = Pattern.compile("/(v1/[^/]+|segment)/?");

    private final EventCounters counters;

    RefusalCounter(EventCounters counters) {
        this.counters = counters;
    }

    void register(@Observes Filters filters) {
        filters.register(this::watch, 100);
    }

    void watch(RoutingContext context) {
        if (RECEIVING.matcher(context.request().path()).matches()) {
            context.addHeadersEndHandler(ignored -> {
                int status = context.response().getStatusCode();
                if (status >= 400) {
                    counters.count(EventCounters.REFUSED, "HTTP " + status);
                }
            });
        }
        context.next();
    }
}
