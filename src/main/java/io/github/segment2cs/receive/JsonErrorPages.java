package io.github.segment2cs.receive;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.regex.Pattern;

/**
 * The HTTP server's own answers when no route takes a request (an unknown path, 404; a known path
 * with another method, 405) are JSON under the service's paths, like every other answer there;
 * elsewhere they stay plain text.
 */
@ApplicationScoped
public class JsonErrorPages {

    static final Pattern SERVICE_PATHS = Pattern.compile("/(v1|segment|ops)(/.*)?");

    void register(@Observes Router router) {
        router.errorHandler(404, context -> answer(context, 404, "no such endpoint: " + context.request().path()));
        router.errorHandler(405, context -> answer(context, 405,
                "method " + context.request().method() + " is not allowed on " + context.request().path()));
    }

    private static void answer(RoutingContext context, int status, String error) {
        if (context.response().ended()) {
            return;
        }
        context.response().setStatusCode(status);
        if (SERVICE_PATHS.matcher(context.request().path()).matches()) {
            context.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(new JsonObject().put("success", false).put("error", error).encode());
        } else {
            context.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/plain").end(error);
        }
    }
}
