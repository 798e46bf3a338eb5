package io.github.segment2cs.deliver;

import io.github.segment2cs.clientsuccess.UsageApiClient;
import io.github.segment2cs.config.DestinationConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/**
 * The delivery endpoint's HTTP client configurer ({@code httpClientConfigurer=#clientSuccessApiKey}
 * in deliver.yaml), from the library: it adds the API key inside the client, and leaves every
 * decision to try again to the service's retry policy.
 */
public class UsageApiClientProducer {

    @Produces
    @Singleton
    @Named("clientSuccessApiKey")
    UsageApiClient clientSuccessApiKey(DestinationConfig.ClientSuccess config) {
        return new UsageApiClient(config.apiKey().orElse(""));
    }
}
