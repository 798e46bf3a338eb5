package io.github.segment2cs.clientsuccess;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

/**
 * Configures the HTTP client of Usage API calls (named on the endpoint as
 * {@code httpClientConfigurer=#…}):
 * <ul>
 * <li>{@code api_key} is added inside the client, as the request leaves, so the key is never in a
 * header, a property or an endpoint URI, where a later step, a wiretap, a log line or an error
 * message could see it;</li>
 * <li>the client never sends a request again on its own (Apache HttpClient would, after a 429 or a
 * 503): every attempt is one request, and whether to try again is the caller's decision.</li>
 * </ul>
 */
public class UsageApiClient implements HttpClientConfigurer {

    private volatile String parameter = "api_key=";

    /** For bean factories that set the key afterwards (a Kamelet's template bean). */
    public UsageApiClient() {
    }

    public UsageApiClient(String apiKey) {
        setApiKey(apiKey);
    }

    public void setApiKey(String apiKey) {
        this.parameter = "api_key=" + UsageApi.encode(apiKey == null ? "" : apiKey);
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.disableAutomaticRetries();
        builder.addRequestInterceptorLast((request, entity, context) -> {
            String path = request.getPath();
            request.setPath(path + (path.indexOf('?') < 0 ? "?" : "&") + parameter);
        });
    }

    /** Never the key itself: this object may be shown as an endpoint option. */
    @Override
    public String toString() {
        return "UsageApiClient[api_key=xxxxxx]";
    }
}
