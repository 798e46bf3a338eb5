package io.github.segment2cs.process;

import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.LineNumberAware;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.spi.CamelContextCustomizer;
import org.apache.camel.spi.InterceptStrategy;
import org.apache.camel.support.processor.DelegateAsyncProcessor;

/**
 * Remembers, on every exchange, the last route step it entered ({@link #PROPERTY}): "stop
 * (types.yaml:40) in route track". When a message ends without a fate (a {@code stop}, a
 * {@code filter} that dropped it, a {@code choice} no branch of which matched), that names where
 * it ended. It adds itself to the context before the routes are built.
 */
public class StepTracker implements InterceptStrategy, CamelContextCustomizer {

    /** Exchange property holding the description of the last step entered. */
    public static final String PROPERTY = "lastRouteStep";

    @Override
    public void configure(CamelContext context) {
        context.getCamelContextExtension().addInterceptStrategy(this);
    }

    @Override
    public Processor wrapProcessorInInterceptors(CamelContext context, NamedNode definition, Processor target,
            Processor nextTarget) {
        String step = describe(definition);
        return new DelegateAsyncProcessor(target) {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                exchange.setProperty(PROPERTY, step);
                return super.process(exchange, callback);
            }
        };
    }

    /** The step's kind, where it is written (file and line, when Camel records them) and its route. */
    static String describe(NamedNode definition) {
        NamedNode route = definition;
        while (route.getParent() != null) {
            route = route.getParent();
        }
        return definition.getShortName() + where(definition) + " in route " + route.getId();
    }

    /** Where a route step is written, " (types.yaml:40)", when Camel recorded it; else empty. */
    public static String where(LineNumberAware step) {
        String location = step.getLocation();
        return location == null ? ""
                : " (" + location.substring(location.lastIndexOf('/') + 1)
                        + (step.getLineNumber() > 0 ? ":" + step.getLineNumber() : "") + ")";
    }

    /** The last step the exchange entered, or null. */
    public static String lastStep(Exchange exchange) {
        return exchange.getProperty(PROPERTY, String.class);
    }
}
