package io.github.segment2cs.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.quarkus.main.events.BeforeConfigure;
import org.jboss.logging.Logger;

/**
 * Refuses to start without the ClientSuccess settings, warns about open endpoints, and says whether
 * custom fields are on (or why not, when only half of their login is set). It runs
 * before Camel loads the routes, which name the project id: otherwise Camel's own error about an
 * unresolved placeholder would come first.
 */
@ApplicationScoped
public class StartupCheck {

    private static final Logger LOG = Logger.getLogger(StartupCheck.class);

    void beforeRoutes(@Observes BeforeConfigure event, DestinationConfig.ClientSuccess clientSuccess,
            DestinationConfig.Segment segment, DestinationConfig.Ops ops, DestinationConfig.CustomFields customFields) {
        List<String> missing = new ArrayList<>();
        if (clientSuccess.apiKey().isEmpty()) {
            missing.add("CLIENTSUCCESS_API_KEY");
        }
        if (clientSuccess.projectId().isEmpty()) {
            missing.add("CLIENTSUCCESS_PROJECT_ID");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Missing required setting(s): " + String.join(", ", missing)
                    + " (the ClientSuccess usage API key and project id)");
        }
        if (segment.writeKeys().isEmpty()) {
            LOG.warn("SEGMENT_WRITE_KEYS is empty: any write key is accepted on /v1/*");
        }
        if (segment.sharedSecret().isEmpty()) {
            LOG.warn("SEGMENT_SHARED_SECRET is empty: /segment accepts unsigned requests from anyone");
        }
        if (ops.token().isEmpty()) {
            LOG.info("OPS_TOKEN is empty: the /ops operator API is disabled");
        }
        if (customFields.enabled()) {
            LOG.infof("Custom fields on: group and identify traits go to ClientSuccess's REST API at %s",
                    customFields.restUrl());
        } else if (customFields.username().isPresent() != customFields.password().isPresent()) {
            LOG.warn("Only one of CLIENTSUCCESS_USERNAME and CLIENTSUCCESS_PASSWORD is set: custom fields stay off");
        }
    }
}
