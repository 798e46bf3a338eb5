package io.github.segment2cs.support;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** What the mock ClientSuccess received: one event per request, read back as JSON. */
public record Received(String eventPath, String eventId, String apiKey, JsonNode body, LoggedRequest request) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static List<Received> all() {
        return ClientSuccessMock.server().findAll(postRequestedFor(urlPathMatching("/collector/.*"))).stream()
                .map(Received::of).toList();
    }

    /** The events received for one user (identity.user.id). */
    public static List<Received> forUser(String userId) {
        return all().stream().filter(r -> userId.equals(r.body().path("identity").path("user").path("id").asText()))
                .toList();
    }

    static Received of(LoggedRequest request) {
        try {
            String path = request.getUrl().split("\\?")[0];
            String encoded = path.substring(ClientSuccessMock.EVENTS_PATH.length());
            String query = request.getUrl().contains("?") ? request.getUrl().split("\\?", 2)[1] : "";
            String apiKey = query.startsWith("api_key=") ? query.substring("api_key=".length()) : null;
            return new Received(path, URLDecoder.decode(encoded, StandardCharsets.UTF_8), apiKey,
                    JSON.readTree(request.getBodyAsString()), request);
        } catch (Exception e) {
            throw new IllegalStateException("Unreadable request to the mock: " + request.getUrl(), e);
        }
    }
}
