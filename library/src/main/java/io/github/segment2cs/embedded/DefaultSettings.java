package io.github.segment2cs.embedded;

import io.github.segment2cs.settings.Settings;
import io.github.segment2cs.wiring.RouteBeans;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The settings of an embedded destination: the defaults of the service's application.properties,
 * and setters for those the segment-to-clientsuccess-sink Kamelet's properties change.
 */
public class DefaultSettings {

    private Duration dedupWindow = Duration.ofDays(7);
    private String pageEvent = "Pageview";
    private String screenEvent = "Screenview";
    private List<String> allowedEvents = List.of();
    private List<String> eventRenames = List.of();
    private Duration holdbackWindow = Duration.ofDays(7);
    private int maxEventsPerUser = 1000;
    private int maxRate = 50;
    private int maxConnections = 20;
    private Integer processingThreads;
    private long maxBacklog = 20_000;
    private Duration maxWait = Duration.ofSeconds(10);

    public void setDedupWindow(String isoDuration) {
        dedupWindow = Duration.parse(isoDuration);
    }

    public void setPageEvent(String pageEvent) {
        this.pageEvent = pageEvent;
    }

    public void setScreenEvent(String screenEvent) {
        this.screenEvent = screenEvent;
    }

    /** Comma-separated, as ALLOWED_EVENTS. */
    public void setAllowedEvents(String commaSeparated) {
        allowedEvents = list(commaSeparated);
    }

    /** Comma-separated {@code Segment name=ClientSuccess name} pairs, as EVENT_RENAMES. */
    public void setEventRenames(String commaSeparated) {
        eventRenames = list(commaSeparated);
    }

    public void setHoldbackWindow(String isoDuration) {
        holdbackWindow = Duration.parse(isoDuration);
    }

    public void setMaxEventsPerUser(int maxEventsPerUser) {
        this.maxEventsPerUser = maxEventsPerUser;
    }

    public void setMaxRate(int maxRate) {
        this.maxRate = maxRate;
    }

    public int maxRate() {
        return maxRate;
    }

    public void setMaxConnections(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    public int maxConnections() {
        return maxConnections;
    }

    /** As INTAKE_MAX_BACKLOG: 0 lets the inbox grow without a mark. */
    public void setMaxBacklog(long maxBacklog) {
        this.maxBacklog = maxBacklog;
    }

    public long maxBacklog() {
        return maxBacklog;
    }

    /** As INTAKE_MAX_WAIT. */
    public void setMaxWait(String isoDuration) {
        maxWait = Duration.parse(isoDuration);
    }

    public Duration maxWait() {
        return maxWait;
    }

    public void setProcessingThreads(int threads) {
        processingThreads = threads;
    }

    /** The settings as the routes' beans read them. */
    public RouteBeans.Config config() {
        return new RouteBeans.Config(() -> dedupWindow, mapping(), holdback(), delivery(), processing(),
                customFieldsOff());
    }

    private Settings.Mapping mapping() {
        Optional<List<String>> allowed = allowedEvents.isEmpty() ? Optional.empty() : Optional.of(allowedEvents);
        Optional<List<String>> renames = eventRenames.isEmpty() ? Optional.empty() : Optional.of(eventRenames);
        return new Settings.Mapping() {
            @Override
            public String pageEvent() {
                return pageEvent;
            }

            @Override
            public String screenEvent() {
                return screenEvent;
            }

            @Override
            public Optional<List<String>> allowedEvents() {
                return allowed;
            }

            @Override
            public Optional<List<String>> eventRenames() {
                return renames;
            }
        };
    }

    private Settings.Holdback holdback() {
        Duration window = holdbackWindow;
        int maxEvents = maxEventsPerUser;
        return new Settings.Holdback() {
            @Override
            public Duration window() {
                return window;
            }

            @Override
            public int maxEventsPerUser() {
                return maxEvents;
            }

            @Override
            public long sweepInterval() {
                return 5000;
            }
        };
    }

    private Settings.Delivery delivery() {
        int rate = maxRate;
        int connections = maxConnections;
        return new Settings.Delivery() {
            @Override
            public Retry retry() {
                return new Retry() {
                    @Override
                    public Duration initialBackoff() {
                        return Duration.ofSeconds(1);
                    }

                    @Override
                    public Duration maxBackoff() {
                        return Duration.ofMinutes(5);
                    }

                    @Override
                    public Duration window() {
                        return Duration.ofHours(4);
                    }
                };
            }

            @Override
            public Circuit circuit() {
                return new Circuit() {
                    @Override
                    public int failureThreshold() {
                        return 20;
                    }

                    @Override
                    public Duration openDuration() {
                        return Duration.ofSeconds(30);
                    }
                };
            }

            @Override
            public int maxRate() {
                return rate;
            }

            @Override
            public long pollInterval() {
                return 200;
            }

            @Override
            public int batchSize() {
                return 100;
            }

            @Override
            public int connectTimeout() {
                return 5000;
            }

            @Override
            public int responseTimeout() {
                return 10000;
            }

            @Override
            public int maxConnections() {
                return connections;
            }
        };
    }

    private Settings.Processing processing() {
        Optional<Integer> threads = Optional.ofNullable(processingThreads);
        return new Settings.Processing() {
            @Override
            public long pollInterval() {
                return 100;
            }

            @Override
            public int batchSize() {
                return 100;
            }

            @Override
            public int maxAhead() {
                return 5000;
            }

            @Override
            public Optional<Integer> threads() {
                return threads;
            }
        };
    }

    /** Custom fields are the service's alone, for now. */
    private static Settings.CustomFields customFieldsOff() {
        return new Settings.CustomFields() {
            @Override
            public Optional<String> username() {
                return Optional.empty();
            }

            @Override
            public Optional<String> password() {
                return Optional.empty();
            }

            @Override
            public String restUrl() {
                return "https://api.clientsuccess.com";
            }

            @Override
            public boolean createClients() {
                return false;
            }

            @Override
            public Optional<List<String>> traitFieldMap() {
                return Optional.empty();
            }
        };
    }

    private static List<String> list(String commaSeparated) {
        return commaSeparated == null ? List.of()
                : Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
