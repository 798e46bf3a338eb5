package io.github.segment2cs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** A misspelt direct: name in an edited route stops the start, naming the route; a right one passes. */
class DirectEndpointCheckTest {

    @Test
    void sendsToDirectEndpointsNoRouteConsumesAreNamedWhereverTheyAre() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().addInitialProperty("target", "missing");
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:a").routeId("a").choice().when(simple("${body} == 1")).to("direct:b")
                            .otherwise().to("direct://nope?timeout=100").end();
                    from("direct:b").routeId("b").doTry().to("direct:c").doCatch(Exception.class)
                            .to("direct:{{target}}").end();
                    from("direct:c").routeId("c").wireTap("direct:tapped").toD("direct:${header.where}")
                            .to("log:fine");
                }
            });

            assertEquals(List.of("direct:nope, sent to by route a", "direct:missing, sent to by route b",
                    "direct:tapped, sent to by route c"), DirectEndpointCheck.unconsumed(context));
        }
    }

    @Test
    void routesMadeFromATemplateAreCheckedWithTheirOwnParameters() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    routeTemplate("relay").templateParameter("from").templateParameter("to")
                            .from("direct:{{from}}").to("direct:{{to}}");
                }
            });
            context.addRouteFromTemplate("first", "relay", Map.of("from", "a", "to", "b"));
            context.addRouteFromTemplate("second", "relay", Map.of("from", "b", "to", "nowhere"));

            assertEquals(List.of("direct:nowhere, sent to by route second"), DirectEndpointCheck.unconsumed(context));
        }
    }

    @Test
    void routesThatAllMeetPass() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:a").to("direct:b");
                    from("direct:b").filter(simple("${body} == 1")).to("direct://a").end();
                }
            });

            assertEquals(List.of(), DirectEndpointCheck.unconsumed(context));
        }
    }
}
