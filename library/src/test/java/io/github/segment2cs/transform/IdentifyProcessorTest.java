package io.github.segment2cs.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.segment2cs.segment.SegmentMessage;
import io.github.segment2cs.store.ProfileStore.Profile;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdentifyProcessorTest {

    private static final String USER_ID = "user-1";
    private static final String FIRST = "Ada";
    private static final String LAST = "Lovelace";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final IdentifyProcessor processor = new IdentifyProcessor(null, JSON, null);

    @Test
    void camelCaseNames() throws Exception {
        Profile profile = profile(Map.of("firstName", FIRST, "lastName", LAST));

        assertEquals(USER_ID, profile.userId());
        assertEquals(FIRST, profile.firstName());
        assertEquals(LAST, profile.lastName());
    }

    @Test
    void snakeCaseNames() throws Exception {
        Profile profile = profile(Map.of("first_name", FIRST, "last_name", LAST));

        assertEquals(FIRST, profile.firstName());
        assertEquals(LAST, profile.lastName());
    }

    @Test
    void fullNameIsSplitIntoFirstWordAndTheRest() throws Exception {
        Profile profile = profile(Map.of("name", "  Ada  King Lovelace "));

        assertEquals(FIRST, profile.firstName());
        assertEquals("King " + LAST, profile.lastName());
    }

    @Test
    void singleWordNameIsTheFirstName() throws Exception {
        Profile profile = profile(Map.of("name", FIRST));

        assertEquals(FIRST, profile.firstName());
        assertNull(profile.lastName());
    }

    @Test
    void explicitFirstNameWinsOverFullName() throws Exception {
        Profile profile = profile(Map.of("firstName", FIRST, "name", "Augusta Byron"));

        assertEquals(FIRST, profile.firstName());
    }

    @Test
    void emailIsLowerCasedAndTrimmed() throws Exception {
        assertEquals("ada@example.com", profile(Map.of("email", " Ada@Example.COM ")).email());
    }

    @Test
    void otherTraitsAreKeptAsCustomAttributesWithoutNameOrEmail() throws Exception {
        Profile profile = profile(Map.of("firstName", FIRST, "last_name", LAST, "name", "Ada Lovelace", "email",
                "ada@example.com", "plan", "pro", "seats", 5));

        Map<String, Object> custom = JSON.readValue(profile.traits(), new TypeReference<Map<String, Object>>() {
        });
        assertEquals(Map.of("plan", "pro", "seats", 5), custom);
    }

    @Test
    void noOtherTraitsMeansNoCustomAttributes() throws Exception {
        assertNull(profile(Map.of("name", "Ada Lovelace", "email", "ada@example.com")).traits());
    }

    private Profile profile(Map<String, Object> traits) throws Exception {
        Map<String, Object> fields = new HashMap<>();
        fields.put("type", "identify");
        fields.put("userId", USER_ID);
        fields.put("traits", traits);
        return processor.profile(new SegmentMessage(fields));
    }
}
