package io.github.segment2cs.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.segment2cs.clientsuccess.UsageApiClient;
import io.github.segment2cs.deliver.ClientSuccessRequest;
import io.github.segment2cs.deliver.DeliveryCircuit;
import io.github.segment2cs.deliver.DeliveryOutcome;
import io.github.segment2cs.deliver.DeliveryPoller;
import io.github.segment2cs.deliver.DeliveryQueue;
import io.github.segment2cs.deliver.RetryPolicy;
import io.github.segment2cs.metrics.EventCounters;
import io.github.segment2cs.process.FateCheck;
import io.github.segment2cs.store.OutboxStore;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/**
 * The library's delivery side (io.github.segment2cs.deliver) made into the service's beans, under
 * the names deliver.yaml and types.yaml call them by, and the delivery endpoint's HTTP client
 * configurer ({@code httpClientConfigurer=#clientSuccessApiKey}): it adds the API key inside the
 * client, and leaves every decision to try again to the retry policy.
 */
@Singleton
public class DeliveryBeans {

    @Produces
    @Singleton
    @Named("deliveryQueue")
    DeliveryQueue deliveryQueue(OutboxStore outbox, EventCounters counters, ObjectMapper json,
            DestinationConfig.Segment segment) {
        return new DeliveryQueue(outbox, counters, json, segment);
    }

    @Produces
    @Singleton
    RetryPolicy retryPolicy(DestinationConfig.Delivery config) {
        return new RetryPolicy(config);
    }

    @Produces
    @Singleton
    @Named("deliveryCircuit")
    DeliveryCircuit deliveryCircuit(DestinationConfig.Delivery config) {
        return new DeliveryCircuit(config);
    }

    @Produces
    @Singleton
    @Named("deliveryPoller")
    DeliveryPoller deliveryPoller(OutboxStore outbox, DeliveryCircuit circuit, FateCheck fateCheck,
            DestinationConfig.Delivery config) {
        return new DeliveryPoller(outbox, circuit, fateCheck, config);
    }

    @Produces
    @Singleton
    @Named("clientSuccessRequest")
    ClientSuccessRequest clientSuccessRequest() {
        return new ClientSuccessRequest();
    }

    @Produces
    @Singleton
    @Named("deliveryOutcome")
    DeliveryOutcome deliveryOutcome(OutboxStore outbox, RetryPolicy retryPolicy, DeliveryCircuit circuit,
            EventCounters counters) {
        return new DeliveryOutcome(outbox, retryPolicy, circuit, counters);
    }

    @Produces
    @Singleton
    @Named("clientSuccessApiKey")
    UsageApiClient clientSuccessApiKey(DestinationConfig.ClientSuccess config) {
        return new UsageApiClient(config.apiKey().orElse(""));
    }
}
