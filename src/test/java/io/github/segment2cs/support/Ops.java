package io.github.segment2cs.support;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;

/** Calls to the operator API and the metrics endpoint. */
public final class Ops {

    private Ops() {
    }

    public static RequestSpecification authorized() {
        return given().header("Authorization", "Bearer " + ClientSuccessMock.OPS_TOKEN);
    }

    /** The value of the service's event counter for an outcome and reason (0 when never counted). */
    public static double counter(String outcome, String reason) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        String prefix = "segment_clientsuccess_events_total{";
        for (String line : metrics.split("\n")) {
            if (line.startsWith(prefix) && line.contains("outcome=\"" + outcome + "\"")
                    && line.contains("reason=\"" + reason + "\"")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }
}
