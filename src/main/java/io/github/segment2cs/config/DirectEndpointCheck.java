package io.github.segment2cs.config;

import io.github.segment2cs.process.StepTracker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.SendDefinition;
import org.apache.camel.model.ToDynamicDefinition;
import org.apache.camel.quarkus.main.events.BeforeStart;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.EventNotifierSupport;
import org.jboss.logging.Logger;

/**
 * Refuses to start when a route sends to a {@code direct:} endpoint that no route consumes: a
 * misspelt name in an edited route. Camel would otherwise wait 30 s for a consumer on every
 * message sent there (routing stalls) and then fail it; the wait itself is kept, as it is what lets
 * a route being reloaded finish restarting while messages arrive. After a reload (ROUTES_RELOAD)
 * the service is already running: the same finding is logged as an ERROR instead.
 */
@ApplicationScoped
public class DirectEndpointCheck {

    private static final Logger LOG = Logger.getLogger(DirectEndpointCheck.class);

    void beforeStart(@Observes BeforeStart event, CamelContext context) {
        List<String> unconsumed = unconsumed(context);
        if (!unconsumed.isEmpty()) {
            throw new IllegalStateException(finding(unconsumed));
        }
        context.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
            @Override
            public boolean isEnabled(CamelEvent camelEvent) {
                return camelEvent instanceof CamelEvent.RouteReloadedEvent;
            }

            @Override
            public void notify(CamelEvent camelEvent) {
                // One event per reloaded route: checked once the last is back (the index counts from 0).
                CamelEvent.RouteReloadedEvent reloaded = (CamelEvent.RouteReloadedEvent) camelEvent;
                List<String> missing = reloaded.getIndex() + 1 < reloaded.getTotal() ? List.of() : unconsumed(context);
                if (!missing.isEmpty()) {
                    LOG.errorf("After reloading the routes: %s Messages sent there wait 30 s, then are parked.",
                            finding(missing));
                }
            }
        });
    }

    private static String finding(List<String> unconsumed) {
        return "No route consumes " + String.join("; ", unconsumed) + ". Is the name misspelt?";
    }

    /** Each send to a direct: endpoint no route consumes, with where it is written. */
    static List<String> unconsumed(CamelContext context) {
        List<RouteDefinition> routes = context.getCamelContextExtension().getContextPlugin(Model.class)
                .getRouteDefinitions();
        Set<String> consumed = new HashSet<>();
        for (RouteDefinition route : routes) {
            String name = directName(context, route, route.getInput().getEndpointUri());
            if (name != null) {
                consumed.add(name);
            }
        }
        List<String> unconsumed = new ArrayList<>();
        for (RouteDefinition route : routes) {
            List<ProcessorDefinition<?>> sends = new ArrayList<>();
            for (SendDefinition<?> to : ProcessorDefinitionHelper.filterTypeInOutputs(route.getOutputs(),
                    SendDefinition.class)) {
                sends.add(to);
            }
            sends.addAll(ProcessorDefinitionHelper.filterTypeInOutputs(route.getOutputs(), ToDynamicDefinition.class));
            for (ProcessorDefinition<?> send : sends) {
                String uri = send instanceof SendDefinition<?> to ? to.getEndpointUri()
                        : ((ToDynamicDefinition) send).getUri();
                String name = directName(context, route, uri);
                if (name != null && !consumed.contains(name)) {
                    unconsumed.add("direct:" + name + ", sent to by route " + route.getRouteId() + StepTracker.where(send));
                }
            }
        }
        return unconsumed;
    }

    /**
     * The endpoint's name when it is a direct: endpoint known before start (not a dynamic one). A
     * route made from a template resolves its placeholders with the template's parameters first, as
     * Camel does when it creates the route.
     */
    private static String directName(CamelContext context, RouteDefinition route, String uri) {
        if (uri == null || uri.contains("${")) {
            return null;
        }
        PropertiesComponent properties = context.getPropertiesComponent();
        Properties parameters = new Properties();
        if (route.getTemplateParameters() != null) {
            parameters.putAll(route.getTemplateParameters());
        }
        properties.setLocalProperties(parameters);
        String resolved;
        try {
            resolved = context.resolvePropertyPlaceholders(uri);
        } finally {
            properties.setLocalProperties(null);
        }
        if (!resolved.startsWith("direct:")) {
            return null;
        }
        String name = resolved.substring("direct:".length());
        name = name.startsWith("//") ? name.substring(2) : name;
        int query = name.indexOf('?');
        return query < 0 ? name : name.substring(0, query);
    }
}
