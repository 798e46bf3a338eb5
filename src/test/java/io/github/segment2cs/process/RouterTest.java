package io.github.segment2cs.process;

import static io.github.segment2cs.support.Segment.unique;
import static java.util.concurrent.TimeUnit.SECONDS;

import io.github.segment2cs.segment.Headers;
import io.github.segment2cs.support.ClientSuccessMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.quarkus.test.CamelQuarkusTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The content-based router, with Camel's advice: each type's route is replaced by a mock endpoint.
 */
@QuarkusTest
@WithTestResource(ClientSuccessMock.class)
// Its own profile, so that its advice stays in its own application.
@TestProfile(RouterTest.class)
public class RouterTest extends CamelQuarkusTestSupport {

    static final String[] TYPE_ROUTES = { "identify", "group", "track", "page", "alias" };

    @BeforeEach
    void replaceTypeRoutesWithMocks() throws Exception {
        AdviceWith.adviceWith(context, "s2cs-route-by-type", route -> {
            for (String type : TYPE_ROUTES) {
                route.weaveByToUri("direct:s2cs-" + type).replace().to("mock:" + type);
            }
            route.weaveById("record-skip").replace().to("mock:skipped");
        });
    }

    @Test
    void eachTypeGoesToItsOwnRouteAndSkipsAreRecorded() throws Exception {
        getMockEndpoint("mock:identify").expectedMessageCount(1);
        getMockEndpoint("mock:group").expectedMessageCount(1);
        getMockEndpoint("mock:track").expectedMessageCount(1);
        getMockEndpoint("mock:page").expectedMessageCount(2);
        getMockEndpoint("mock:alias").expectedMessageCount(1);
        getMockEndpoint("mock:skipped").expectedMessageCount(2);
        getMockEndpoint("mock:skipped").expectedHeaderValuesReceivedInAnyOrder(Headers.SKIP_REASON,
                "opted out in integrations", "no userId (ClientSuccess ignores anonymous events)");

        route("identify", "u1", Map.of());
        route("group", "u1", Map.of());
        route("track", "u1", Map.of());
        route("page", "u1", Map.of());
        route("screen", "u1", Map.of());
        route("alias", "u1", Map.of());
        route("track", "u1", Map.of("integrations", Map.of("ClientSuccess", false)));
        route("track", null, Map.of());

        MockEndpoint.assertIsSatisfied(context, 5, SECONDS);
    }

    void route(String type, String userId, Map<String, Object> extra) {
        Map<String, Object> message = new HashMap<>(extra);
        message.put("type", type);
        message.put("messageId", unique("r"));
        if (userId != null) {
            message.put("userId", userId);
        }
        Map<String, Object> headers = new HashMap<>();
        headers.put(Headers.TYPE, type);
        headers.put(Headers.MESSAGE_ID, message.get("messageId"));
        if (userId != null) {
            headers.put(Headers.USER_ID, userId);
        }
        template.sendBodyAndHeaders("direct:s2cs-route-by-type", message, headers);
    }
}
