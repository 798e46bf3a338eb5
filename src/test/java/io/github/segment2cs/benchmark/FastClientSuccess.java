package io.github.segment2cs.benchmark;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.segment2cs.support.PackagedService;

/** What the benchmarks share: WireMock as a fast local ClientSuccess, and users with a group. */
final class FastClientSuccess {

    private FastClientSuccess() {
    }

    /** Started, answering every event at once, keeping no journal of requests. */
    static WireMockServer start() {
        WireMockServer server = new WireMockServer(options().dynamicPort().containerThreads(50).disableRequestJournal());
        server.start();
        answerEveryEvent(server);
        return server;
    }

    static void answerEveryEvent(WireMockServer server) {
        server.stubFor(post(urlPathMatching("/collector/.*")).willReturn(okJson("{\"created\":true}")));
    }

    /** One group call for each of the users {@code prefix-0} … {@code prefix-(users-1)}, in one batch. */
    static void groupUsers(PackagedService service, String prefix, int users) throws Exception {
        StringBuilder groups = new StringBuilder("{\"batch\":[");
        for (int u = 0; u < users; u++) {
            groups.append(u == 0 ? "" : ",").append("{\"type\":\"group\",\"userId\":\"").append(prefix).append('-')
                    .append(u).append("\",\"groupId\":\"g-").append(prefix).append("\",\"traits\":{\"name\":\"")
                    .append(prefix).append("\"}}");
        }
        assertEquals(200, service.post("/v1/batch", "bench", groups.append("]}").toString()));
    }
}
