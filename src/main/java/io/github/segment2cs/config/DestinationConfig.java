package io.github.segment2cs.config;

import io.github.segment2cs.settings.Settings;
import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/**
 * The application's own settings, one mapping per section of application.properties; the sections
 * the library reads extend its {@link Settings}.
 */
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
    public interface Segment extends Settings.Deduplication {
        Optional<List<String>> writeKeys();

        Optional<String> sharedSecret();
    }

    @ConfigMapping(prefix = "mapping")
    public interface Mapping extends Settings.Mapping {
    }

    @ConfigMapping(prefix = "holdback")
    public interface Holdback extends Settings.Holdback {
    }

    @ConfigMapping(prefix = "delivery")
    public interface Delivery extends Settings.Delivery {
    }

    @ConfigMapping(prefix = "processing")
    public interface Processing extends Settings.Processing {
    }

    @ConfigMapping(prefix = "custom-fields")
    public interface CustomFields extends Settings.CustomFields {
    }

    @ConfigMapping(prefix = "ops")
    public interface Ops {
        Optional<String> token();
    }
}
