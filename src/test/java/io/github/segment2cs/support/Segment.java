package io.github.segment2cs.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.UUID;

/** Sends Segment-spec JSON to the service as Segment's libraries do (HTTP Basic with the write key). */
public final class Segment {

    private Segment() {
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static ValidatableResponse post(String path, String json) {
        return given().auth().preemptive().basic(ClientSuccessMock.WRITE_KEY, "").contentType(ContentType.JSON)
                .body(json).when().post(path).then();
    }

    public static void identify(String userId, String traitsJson) {
        post("/v1/identify", "{\"userId\":\"" + userId + "\",\"messageId\":\"" + unique("m") + "\",\"traits\":"
                + traitsJson + "}").statusCode(200);
    }

    public static void group(String userId, String groupId, String name) {
        post("/v1/group", "{\"userId\":\"" + userId + "\",\"messageId\":\"" + unique("m") + "\",\"groupId\":\""
                + groupId + "\",\"traits\":{\"name\":\"" + name + "\"}}").statusCode(200);
    }

    public static void track(String userId, String messageId, String event, String timestamp) {
        post("/v1/track", "{\"userId\":\"" + userId + "\",\"messageId\":\"" + messageId + "\",\"event\":\"" + event
                + "\",\"timestamp\":\"" + timestamp + "\"}").statusCode(200);
    }
}
