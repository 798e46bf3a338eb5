package io.github.segment2cs.deliver;

import io.github.segment2cs.config.DestinationConfig;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

/**
 * Adds {@code api_key} to the Usage API call inside the HTTP client, as the request leaves: the key
 * is never in a header, a property or an endpoint URI, where a later step, a wiretap, a log line or
 * an error message could see it. Only the delivery endpoint names this configurer (deliver.yaml).
 */
@ApplicationScoped
@Named("clientSuccessApiKey")
@RegisterForReflection
public class ClientSuccessApiKey implements HttpClientConfigurer {

    private final String parameter;

    ClientSuccessApiKey(DestinationConfig.ClientSuccess config) {
        this.parameter = "api_key=" + ClientSuccessRequest.encode(config.apiKey().orElse(""));
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.addRequestInterceptorLast((request, entity, context) -> {
            String path = request.getPath();
            request.setPath(path + (path.indexOf('?') < 0 ? "?" : "&") + parameter);
        });
    }
}
