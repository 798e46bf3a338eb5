package io.github.segment2cs.support;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Calls to the operator API and the metrics endpoint. */
public final class Ops {

    private static final Pattern OUTCOME = Pattern.compile("outcome=\"([^\"]*)\"");

    private Ops() {
    }

    public static RequestSpecification authorized() {
        return given().header("Authorization", "Bearer " + ClientSuccessMock.OPS_TOKEN);
    }

    /** The value of the service's event counter for an outcome and reason (0 when never counted). */
    public static double counter(String outcome, String reason) {
        for (String line : counterLines()) {
            if (line.contains("outcome=\"" + outcome + "\"") && line.contains("reason=\"" + reason + "\"")) {
                return value(line);
            }
        }
        return 0;
    }

    /** The service's event counters summed over reasons, by outcome. */
    public static Map<String, Double> totals() {
        Map<String, Double> totals = new TreeMap<>();
        for (String line : counterLines()) {
            Matcher outcome = OUTCOME.matcher(line);
            if (outcome.find()) {
                totals.merge(outcome.group(1), value(line), Double::sum);
            }
        }
        return totals;
    }

    private static List<String> counterLines() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith("segment_clientsuccess_events_total{")).toList();
    }

    private static double value(String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }
}
