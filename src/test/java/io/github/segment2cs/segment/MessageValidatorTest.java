package io.github.segment2cs.segment;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessageValidatorTest {

    private static final String USER_ID = "user-1";
    private static final String VALID_TIME = "2024-03-01T10:00:00.123Z";

    @ParameterizedTest
    @ValueSource(strings = { "identify", "group", "track", "page", "screen", "alias" })
    void aCompleteMessageOfEachTypeIsAccepted(String type) {
        Map<String, Object> fields = valid(type);

        assertNull(MessageValidator.problem(new SegmentMessage(fields)));
    }

    @Test
    void missingTypeIsRefused() {
        Map<String, Object> fields = valid("track");
        fields.remove("type");

        assertProblemNames(fields, "'type'");
    }

    @Test
    void unknownTypeIsRefusedAndQuoted() {
        Map<String, Object> fields = valid("track");
        fields.put("type", "purchase");

        String problem = assertProblemNames(fields, "'type'");
        assertTrue(problem.contains("'purchase'"), problem);
    }

    @Test
    void neitherUserIdNorAnonymousIdIsRefused() {
        Map<String, Object> fields = valid("track");
        fields.remove("userId");

        String problem = assertProblemNames(fields, "'userId'");
        assertTrue(problem.contains("'anonymousId'"), problem);
    }

    @Test
    void blankUserIdCountsAsMissing() {
        Map<String, Object> fields = valid("track");
        fields.put("userId", "  ");

        assertProblemNames(fields, "'userId'");
    }

    @Test
    void anonymousIdAloneIsEnough() {
        Map<String, Object> fields = valid("track");
        fields.remove("userId");
        fields.put("anonymousId", "anon-1");

        assertNull(MessageValidator.problem(new SegmentMessage(fields)));
    }

    @Test
    void trackWithoutEventIsRefused() {
        Map<String, Object> fields = valid("track");
        fields.remove("event");

        assertProblemNames(fields, "'event'");
    }

    @Test
    void groupWithoutGroupIdIsRefused() {
        Map<String, Object> fields = valid("group");
        fields.remove("groupId");

        assertProblemNames(fields, "'groupId'");
    }

    @Test
    void groupWithoutTraitsNameIsRefused() {
        Map<String, Object> fields = valid("group");
        fields.put("traits", Map.of("plan", "pro"));

        assertProblemNames(fields, "'traits.name'");
    }

    @Test
    void groupWithBlankTraitsNameIsRefused() {
        Map<String, Object> fields = valid("group");
        fields.put("traits", Map.of("name", " "));

        assertProblemNames(fields, "'traits.name'");
    }

    @Test
    void aliasWithoutPreviousIdIsRefused() {
        Map<String, Object> fields = valid("alias");
        fields.remove("previousId");

        assertProblemNames(fields, "'previousId'");
    }

    @Test
    void messageIdOfExactlyTheLimitIsAccepted() {
        Map<String, Object> fields = valid("track");
        fields.put("messageId", "m".repeat(MessageValidator.MAX_MESSAGE_ID_LENGTH));

        assertNull(MessageValidator.problem(new SegmentMessage(fields)));
    }

    @Test
    void messageIdOverTheLimitIsRefused() {
        Map<String, Object> fields = valid("track");
        fields.put("messageId", "m".repeat(MessageValidator.MAX_MESSAGE_ID_LENGTH + 1));

        assertProblemNames(fields, "'messageId'");
    }

    @ParameterizedTest
    @ValueSource(strings = { "timestamp", "originalTimestamp", "sentAt", "receivedAt" })
    void unparseableTimeIsRefused(String field) {
        Map<String, Object> fields = valid("track");
        fields.put(field, "yesterday");

        assertProblemNames(fields, "'" + field + "'");
    }

    @Test
    void epochNumberIsNotAnIsoTimestamp() {
        Map<String, Object> fields = valid("track");
        fields.put("timestamp", 1_709_287_200_000L);

        assertProblemNames(fields, "'timestamp'");
    }

    /** A message of the given type that passes validation; tests remove or break one field. */
    private static Map<String, Object> valid(String type) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("type", type);
        fields.put("userId", USER_ID);
        fields.put("messageId", "msg-1");
        fields.put("timestamp", VALID_TIME);
        fields.put("originalTimestamp", VALID_TIME);
        fields.put("sentAt", VALID_TIME);
        fields.put("receivedAt", "2024-03-01T10:00:01+01:00");
        switch (type) {
            case "track" -> fields.put("event", "Report Submitted");
            case "group" -> {
                fields.put("groupId", "org-1");
                fields.put("traits", Map.of("name", "Acme"));
            }
            case "alias" -> fields.put("previousId", "anon-1");
            default -> {
            }
        }
        return fields;
    }

    private static String assertProblemNames(Map<String, Object> fields, String quotedField) {
        String problem = MessageValidator.problem(new SegmentMessage(fields));
        assertNotNull(problem, "expected a problem naming " + quotedField);
        assertTrue(problem.contains(quotedField), problem);
        return problem;
    }
}
