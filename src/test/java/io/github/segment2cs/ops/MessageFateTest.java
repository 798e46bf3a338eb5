package io.github.segment2cs.ops;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.github.segment2cs.support.Segment.post;
import static io.github.segment2cs.support.Segment.unique;
import static io.restassured.RestAssured.given;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.github.segment2cs.support.ClientSuccessMock;
import io.github.segment2cs.support.Ops;
import io.github.segment2cs.support.Segment;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

/** GET /ops/messages/{messageId}: what happened to this event? Each fate, and its history. */
@QuarkusTest
@WithTestResource(ClientSuccessMock.class)
class MessageFateTest {

    @Test
    void aDeliveredEventShowsEachStepFromEveryWriteKeyThatSentIt() {
        String user = unique("fate-delivered");
        Segment.group(user, "g-fate", "Fate Org");
        String messageId = unique("m-delivered");
        String track = "{\"userId\":\"" + user + "\",\"event\":\"Fated\",\"messageId\":\"" + messageId + "\"}";
        post("/v1/track", track).statusCode(200);
        given().auth().preemptive().basic("second-write-key", "").contentType(ContentType.JSON).body(track)
                .post("/v1/track").then().statusCode(200);

        await().atMost(10, SECONDS).untilAsserted(() -> fate(messageId).statusCode(200)
                .body("fate", equalTo("delivered")).body("reason", equalTo("HTTP 200"))
                .body("history.step", hasItems("received", "queued", "delivered"))
                .body("history.findAll { it.step == 'received' }.size()", equalTo(2))
                .body("history.find { it.step == 'received' }.detail", containsString("write key test…")));
    }

    @Test
    void skippedHeldAppliedAndDeadLetteredMessagesSayWhy() {
        String user = unique("fate-alone");
        String skipped = unique("m-skipped");
        String held = unique("m-held");
        String identify = unique("m-identify");
        post("/v1/batch", "{\"batch\":["
                + "{\"type\":\"track\",\"userId\":\"" + user + "\",\"event\":\"E\",\"messageId\":\"" + skipped
                + "\",\"integrations\":{\"ClientSuccess\":false}},"
                + "{\"type\":\"track\",\"userId\":\"" + user + "\",\"event\":\"E\",\"messageId\":\"" + held + "\"},"
                + "{\"type\":\"identify\",\"userId\":\"" + user + "\",\"messageId\":\"" + identify + "\"}]}")
                .statusCode(200);

        await().atMost(10, SECONDS).untilAsserted(() -> {
            fate(skipped).body("fate", equalTo("skipped")).body("reason", equalTo("opted out in integrations"));
            fate(held).body("fate", equalTo("held")).body("reason", containsString(user));
            fate(identify).body("fate", equalTo("applied"));
        });

        Ops.authorized().post("/ops/held/" + user + "/expire").then().statusCode(200);
        await().atMost(10, SECONDS).untilAsserted(() -> fate(held).body("fate", equalTo("dead-lettered"))
                .body("reason", equalTo("expired by an operator"))
                .body("history.step", hasItems("received", "held", "dead-lettered")));
    }

    @Test
    void anEventRefusedByClientSuccessKeepsItsQueuedStepAfterItLeftTheOutbox() {
        String user = unique("fate-refused");
        Segment.group(user, "g-fate", "Fate Org");
        ClientSuccessMock.server().stubFor(WireMock.post(urlPathEqualTo(ClientSuccessMock.EVENTS_PATH + "Fate%20Refused"))
                .willReturn(aResponse().withStatus(422)));
        String messageId = unique("m-refused");
        post("/v1/track", "{\"userId\":\"" + user + "\",\"event\":\"Fate Refused\",\"messageId\":\"" + messageId
                + "\"}").statusCode(200);

        await().atMost(10, SECONDS).untilAsserted(() -> fate(messageId).statusCode(200)
                .body("fate", equalTo("dead-lettered")).body("reason", equalTo("rejected by ClientSuccess: HTTP 422"))
                .body("history.step", contains("received", "queued", "dead-lettered")));
    }

    @Test
    void anUnknownMessageIsA404AndTheTokenIsRequired() {
        fate("never-sent").statusCode(404).contentType(ContentType.JSON).body("error", containsString("never-sent"));
        given().get("/ops/messages/anything").then().statusCode(401);
    }

    static ValidatableResponse fate(String messageId) {
        return Ops.authorized().get("/ops/messages/" + messageId).then();
    }
}
