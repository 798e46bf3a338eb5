package io.github.segment2cs.receive;

import io.github.segment2cs.segment.LogSafe;
import io.netty.handler.codec.DecoderException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The HTTP server's own answers, where no route answers: an unknown path (404), a known path with
 * another method (405), and a request the server could not even read (a malformed chunked body, a
 * connection closed mid-request: 400, logged at DEBUG, since it is the client's mistake, not the
 * service's). Under the service's paths they are JSON, like every other answer there; elsewhere
 * they stay plain text.
 */
@ApplicationScoped
public class JsonErrorPages {

    private static final Logger LOG = Logger.getLogger(JsonErrorPages.class);

    static final Pattern SERVICE_PATHS = Pattern.compile("/(v1|segment|ops)(/.*)?");

    void register(@Observes Router router) {
        router.errorHandler(404, context -> answer(context, 404, "no such endpoint: " + context.request().path()));
        router.errorHandler(405, context -> {
            // A 405 names the methods the path takes (RFC 9110): those of the routes serving it.
            String allowed = allowedMethods(router, context.request().path());
            if (!allowed.isEmpty()) {
                context.response().putHeader(HttpHeaders.ALLOW, allowed);
            }
            answer(context, 405, "method " + context.request().method() + " is not allowed on "
                    + context.request().path() + (allowed.isEmpty() ? "" : "; allowed: " + allowed));
        });
        router.route().order(Integer.MIN_VALUE).failureHandler(this::unreadable);
    }

    private static String allowedMethods(Router router, String path) {
        Set<String> methods = new TreeSet<>();
        for (Route route : router.getRoutes()) {
            if (path.equals(route.getPath()) && route.methods() != null) {
                route.methods().forEach(method -> methods.add(method.name()));
            }
        }
        return String.join(", ", methods);
    }

    private void unreadable(RoutingContext context) {
        if (!malformed(context.failure())) {
            context.next();
            return;
        }
        LOG.debugf("A request to %s could not be read: %s", LogSafe.text(context.request().path()),
                LogSafe.text(context.failure()));
        if (!context.response().closed()) {
            answer(context, 400, "the HTTP request could not be read: " + context.failure().getClass().getSimpleName());
        }
    }

    /** Failures of the request's bytes or connection, raised by the HTTP server before any route ran. */
    private static boolean malformed(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof DecoderException || cause instanceof NumberFormatException
                    || cause instanceof HttpClosedException || cause instanceof IOException) {
                return true;
            }
        }
        return false;
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
