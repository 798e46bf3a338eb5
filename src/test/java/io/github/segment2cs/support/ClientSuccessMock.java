package io.github.segment2cs.support;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * WireMock standing in for the ClientSuccess Usage API (and the REST API, under /v1), plus the settings every HTTP test runs
 * with (so that {@code @QuarkusIntegrationTest} twins, which run the prod profile, get them too).
 */
public class ClientSuccessMock implements QuarkusTestResourceLifecycleManager {

    public static final String API_KEY = "cs-api-key";
    public static final String PROJECT_ID = "proj-1";
    public static final String WRITE_KEY = "test-write-key";
    public static final String SHARED_SECRET = "test-shared-secret";
    public static final String OPS_TOKEN = "test-ops-token";
    public static final String EVENTS_PATH = "/collector/1.0.0/projects/" + PROJECT_ID + "/events/";
    /** Short, so that a test can repeat a messageId after it. */
    public static final Duration DEDUP_WINDOW = Duration.ofSeconds(3);

    private static WireMockServer server;

    public static WireMockServer server() {
        return server;
    }

    /** Every event post answers 200 {"created": true} unless a test says otherwise. */
    public static void acceptAll() {
        server.resetAll();
        server.stubFor(post(urlPathMatching("/collector/.*")).willReturn(okJson("{\"created\":true}")));
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort());
        server.start();
        acceptAll();
        Map<String, String> config = new HashMap<>();
        config.put("clientsuccess.base-url", server.baseUrl());
        config.put("clientsuccess.api-key", API_KEY);
        config.put("clientsuccess.project-id", PROJECT_ID);
        // The REST API (custom fields) at the same stand-in; used only where a test sets a login.
        config.put("custom-fields.rest-url", server.baseUrl());
        config.put("segment.write-keys", WRITE_KEY + ",second-write-key");
        config.put("segment.shared-secret", SHARED_SECRET);
        config.put("ops.token", OPS_TOKEN);
        config.put("state.dir", PackagedService.BUILD.resolve("test-state/" + UUID.randomUUID()).toString());
        config.put("delivery.retry.initial-backoff", "PT0.2S");
        config.put("delivery.retry.max-backoff", "PT1S");
        config.put("delivery.retry.window", "PT6S");
        config.put("delivery.circuit.failure-threshold", "50");
        config.put("delivery.circuit.open-duration", "PT1S");
        config.put("holdback.sweep-interval", "500");
        config.put("segment.dedup-window", DEDUP_WINDOW.toString());
        return config;
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
