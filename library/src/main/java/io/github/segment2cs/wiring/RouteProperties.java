package io.github.segment2cs.wiring;

import io.github.segment2cs.settings.Settings;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelContextCustomizer;
import org.apache.camel.spi.PropertiesSource;

/**
 * The property placeholders the routes name ({@code {{s2cs.delivery.max-rate}}} and the like),
 * answered from the settings, so the routes read the same keys in the service and in any host.
 * It adds itself to the context before the routes are built.
 */
public class RouteProperties implements PropertiesSource, CamelContextCustomizer {

    private final String baseUrl;
    private final String projectId;
    private final Settings.Delivery delivery;
    private final Settings.Holdback holdback;
    private final Settings.Processing processing;

    public RouteProperties(String baseUrl, String projectId, RouteBeans.Config config) {
        this.baseUrl = baseUrl;
        this.projectId = projectId;
        this.delivery = config.delivery();
        this.holdback = config.holdback();
        this.processing = config.processing();
    }

    @Override
    public void configure(CamelContext context) {
        context.getPropertiesComponent().addPropertiesSource(this);
    }

    @Override
    public String getName() {
        return "s2cs-route-properties";
    }

    @Override
    public String getProperty(String name) {
        return switch (name) {
            case "s2cs.clientsuccess.base-url" -> baseUrl;
            case "s2cs.clientsuccess.project-id" -> projectId;
            case "s2cs.delivery.max-rate" -> String.valueOf(delivery.maxRate());
            case "s2cs.delivery.poll-interval" -> String.valueOf(delivery.pollInterval());
            case "s2cs.holdback.sweep-interval" -> String.valueOf(holdback.sweepInterval());
            case "s2cs.processing.poll-interval" -> String.valueOf(processing.pollInterval());
            default -> null;
        };
    }
}
