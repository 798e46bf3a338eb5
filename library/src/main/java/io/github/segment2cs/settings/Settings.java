package io.github.segment2cs.settings;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the processors and stores of the library are told, one interface per concern. The service
 * maps them from application.properties (its DestinationConfig extends them); an embedding
 * application implements them as it likes.
 */
public final class Settings {

    private Settings() {
    }

    /** Repeats of a messageId within this window are duplicates. */
    public interface Deduplication {
        Duration dedupWindow();
    }

    /** Which Segment events reach ClientSuccess, and under what name. */
    public interface Mapping {
        /** The name of a page call: {@code {name}} and {@code {category}} are replaced. */
        String pageEvent();

        /** The name of a screen call, as {@link #pageEvent()}. */
        String screenEvent();

        /** The only event names sent (all when empty). */
        Optional<List<String>> allowedEvents();

        /** {@code Segment name=ClientSuccess name} pairs. */
        Optional<List<String>> eventRenames();
    }

    /** How long, and how many, events of a user without a group are held. */
    public interface Holdback {
        Duration window();

        int maxEventsPerUser();

        /** Milliseconds between sweeps (windows that ended, users grouped on another instance). */
        long sweepInterval();
    }

    /** Delivery to the Usage API: pace, claims, connections, retries and the circuit breaker. */
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

    /** Routing: how often and how much the inbox is claimed, on how many threads, and how far ahead of delivery. */
    public interface Processing {
        long pollInterval();

        int batchSize();

        /** Unset: 1 on H2 and 2 on PostgreSQL. */
        Optional<Integer> threads();

        /**
         * How many due deliveries routing may queue ahead of delivery while this machine, not
         * ClientSuccess or the rate limit, holds delivery back (0: no limit); see {@code RoutingPace}.
         */
        int maxAhead();
    }

    /**
     * Traits to ClientSuccess custom fields, through its REST API: on when a username and a password
     * are set.
     */
    public interface CustomFields {
        Optional<String> username();

        Optional<String> password();

        /** The REST API, without /v1. */
        String restUrl();

        /** A group whose client does not exist yet creates it (else the sync is skipped). */
        boolean createClients();

        /** {@code trait=Field label} pairs, for traits whose field has another label. */
        Optional<List<String>> traitFieldMap();

        default boolean enabled() {
            return username().filter(name -> !name.isBlank()).isPresent()
                    && password().filter(secret -> !secret.isBlank()).isPresent();
        }
    }
}
