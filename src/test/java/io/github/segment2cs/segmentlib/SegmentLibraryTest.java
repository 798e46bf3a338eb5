package io.github.segment2cs.segmentlib;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.segment.analytics.Analytics;
import com.segment.analytics.messages.GroupMessage;
import com.segment.analytics.messages.IdentifyMessage;
import com.segment.analytics.messages.PageMessage;
import com.segment.analytics.messages.TrackMessage;
import io.github.segment2cs.support.ClientSuccessMock;
import io.github.segment2cs.support.Received;
import io.github.segment2cs.support.Segment;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Segment's own Java library (analytics-java 3.5.1, which posts batches to /v1/import/) pointed at the service. */
@QuarkusTest
@WithTestResource(ClientSuccessMock.class)
class SegmentLibraryTest {

    @TestHTTPResource("/")
    URL service;

    @Test
    void eventsSentWithSegmentsJavaLibraryReachClientSuccess() {
        String user = Segment.unique("lib");
        String base = service.toString().replaceAll("/$", "");
        Analytics analytics = Analytics.builder(ClientSuccessMock.WRITE_KEY).endpoint(base).build();
        try {
            analytics.enqueue(TrackMessage.builder("Before Group").userId(user).properties(Map.of("value", 2)));
            analytics.enqueue(IdentifyMessage.builder().userId(user)
                    .traits(Map.of("first_name", "Samir", "last_name", "Nagheenanajar", "email", "Samir@Initech.com")));
            analytics.enqueue(GroupMessage.builder("g-lib").userId(user).traits(Map.of("name", "Initech Lib")));
            analytics.enqueue(PageMessage.builder("Dashboard").userId(user));
            analytics.flush();
            await().atMost(20, SECONDS).until(() -> Received.forUser(user).size() == 2);
        } finally {
            analytics.shutdown();
        }
        Received track = Received.forUser(user).stream().filter(r -> r.eventId().equals("Before Group")).findFirst()
                .orElseThrow();
        assertEquals(2, track.body().get("value").asInt());
        assertEquals("g-lib", track.body().at("/identity/organization/id").asText());
        assertEquals("Initech Lib", track.body().at("/identity/organization/name").asText());
        assertEquals("Samir Nagheenanajar", track.body().at("/identity/user/name").asText());
        assertEquals("samir@initech.com", track.body().at("/identity/user/email").asText());
        assertEquals(1, Received.forUser(user).stream().filter(r -> r.eventId().equals("Pageview")).count());
    }
}
