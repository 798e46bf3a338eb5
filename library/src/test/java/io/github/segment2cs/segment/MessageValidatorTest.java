package io.github.segment2cs.segment;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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

    /** Each stored field at its limit passes, one character over it is refused by name (it would not fit the store). */
    @ParameterizedTest
    @CsvSource({
            "track, userId, 200", "track, anonymousId, 200", "group, groupId, 200", "alias, previousId, 200",
            "track, event, 500", "page, name, 500", "page, category, 500" })
    void storedFieldsHaveLimits(String type, String field, int limit) {
        Map<String, Object> fields = valid(type);
        fields.put(field, "x".repeat(limit));
        assertNull(MessageValidator.problem(new SegmentMessage(fields)));

        fields.put(field, "x".repeat(limit + 1));
        assertProblemNames(fields, "'" + field + "'");
    }

    @ParameterizedTest
    @CsvSource({ "group, name, 500", "identify, name, 200", "identify, firstName, 200", "identify, last_name, 200",
            "identify, email, 320" })
    void storedTraitsHaveLimits(String type, String trait, int limit) {
        Map<String, Object> fields = valid(type);
        fields.put("traits", Map.of(trait, "x".repeat(limit)));
        assertNull(MessageValidator.problem(new SegmentMessage(fields)));

        fields.put("traits", Map.of(trait, "x".repeat(limit + 1)));
        assertProblemNames(fields, "'traits." + trait + "'");
    }

    /** PostgreSQL's text cannot hold a NUL: a message with one in a stored field would fail at every attempt. */
    @ParameterizedTest
    @ValueSource(strings = { "userId", "messageId", "event", "category" })
    void aNulCharacterInAStoredFieldIsRefused(String field) {
        Map<String, Object> fields = valid("track");
        fields.put(field, "a\u0000b");
        assertProblemNames(fields, "'" + field + "'");
    }

    @Test
    void aUserIdMayBeANumberButNothingElse() {
        Map<String, Object> fields = valid("track");
        fields.put("userId", 42);
        assertNull(MessageValidator.problem(new SegmentMessage(fields)));

        for (Object notAnId : new Object[] { true, Map.of("id", 1), List.of("u") }) {
            fields.put("userId", notAnId);
            assertProblemNames(fields, "'userId'");
        }
    }

    @Test
    void numbersThatAreNotFiniteAreRefusedByPath() {
        Map<String, Object> fields = valid("track");
        fields.put("properties", Map.of("value", "1e400"));
        assertProblemNames(fields, "'properties.value'");

        fields.put("properties", Map.of("items", List.of(Map.of("price", Double.POSITIVE_INFINITY))));
        assertProblemNames(fields, "'properties.items[0].price'");

        fields.put("properties", Map.of("value", "12.5", "label", "not a number"));
        assertNull(MessageValidator.problem(new SegmentMessage(fields)));
    }

    @ParameterizedTest
    @ValueSource(strings = { "2024-02-30T10:00:00Z", "2023-02-29T10:00:00+0100", "0000-01-01T00:00:00Z",
            "2024-04-31T00:00:00.000Z" })
    void datesThatDoNotExistAreRefusedNotMoved(String time) {
        Map<String, Object> fields = valid("track");
        fields.put("timestamp", time);
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
