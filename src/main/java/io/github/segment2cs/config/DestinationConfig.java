package io.github.segment2cs.config;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The application's own settings, one mapping per section of application.properties. */
public final class DestinationConfig {

    private DestinationConfig() {
    }

    @ConfigMapping(prefix = "clientsuccess")
    public interface ClientSuccess {
        Optional<String> apiKey();

        Optional<String> projectId();

        String baseUrl();
    }

    @ConfigMapping(prefix = "segment")
    public interface Segment {
        Optional<List<String>> writeKeys();

        Optional<String> sharedSecret();

        Duration dedupWindow();
    }

    @ConfigMapping(prefix = "mapping")
    public interface Mapping {
        String pageEvent();

        String screenEvent();

        Optional<List<String>> allowedEvents();

        Optional<List<String>> eventRenames();
    }

    @ConfigMapping(prefix = "holdback")
    public interface Holdback {
        Duration window();

        int maxEventsPerUser();

        long sweepInterval();
    }

    @ConfigMapping(prefix = "delivery")
    public interface Delivery {
        Retry retry();

        Circuit circuit();

        int maxRate();

        long pollInterval();

        int batchSize();

        int connectTimeout();

        int responseTimeout();

        int maxConnections();

        interface Retry {
            Duration initialBackoff();

            Duration maxBackoff();

            Duration window();
        }

        interface Circuit {
            int failureThreshold();

            Duration openDuration();
        }
    }

    @ConfigMapping(prefix = "processing")
    public interface Processing {
        long pollInterval();

        int batchSize();

        /**
         * Threads that route a claim's messages of different users in parallel (RoutingLanes); when
         * unset, 1 on H2 and 2 on PostgreSQL (README "Benchmarks").
         */
        Optional<Integer> threads();
    }

    @ConfigMapping(prefix = "ops")
    public interface Ops {
        Optional<String> token();
    }
}
