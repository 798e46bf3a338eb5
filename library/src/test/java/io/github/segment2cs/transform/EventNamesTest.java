package io.github.segment2cs.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.segment2cs.settings.Settings;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventNamesTest {

    private static final String SIGNED_UP = "Signed Up";
    private static final String REGISTERED = "Registered";
    private static final String REPORT = "Report Submitted";
    private static final String PAGE_TEMPLATE = "{category} {name}";
    private static final String SCREEN_TEMPLATE = "Screen: {name}";

    record StubMapping(String pageEvent, String screenEvent, Optional<List<String>> allowedEvents,
            Optional<List<String>> eventRenames) implements Settings.Mapping {
    }

    @Test
    void withoutAllowListOrRenamesEveryNamePassesUnchanged() {
        EventNames names = names(List.of(), List.of());

        assertEquals(Optional.of(REPORT), names.clientSuccessName(REPORT));
    }

    @Test
    void allowListLetsOnlyListedEventsThrough() {
        EventNames names = names(List.of(" " + SIGNED_UP + " ", ""), List.of());

        assertEquals(Optional.of(SIGNED_UP), names.clientSuccessName(SIGNED_UP));
        assertEquals(Optional.empty(), names.clientSuccessName(REPORT));
    }

    @Test
    void allowListOfOnlyBlanksAllowsEverything() {
        EventNames names = names(List.of(" "), List.of());

        assertEquals(Optional.of(REPORT), names.clientSuccessName(REPORT));
    }

    @Test
    void renameMapsTheSegmentNameTrimmingAroundTheEqualsSign() {
        EventNames names = names(List.of(), List.of(SIGNED_UP + " = " + REGISTERED));

        assertEquals(Optional.of(REGISTERED), names.clientSuccessName(SIGNED_UP));
        assertEquals(Optional.of(REPORT), names.clientSuccessName(REPORT));
    }

    @Test
    void allowListIsCheckedAgainstTheSegmentNameNotTheRenamedOne() {
        EventNames names = names(List.of(SIGNED_UP), List.of(SIGNED_UP + "=" + REGISTERED));

        assertEquals(Optional.of(REGISTERED), names.clientSuccessName(SIGNED_UP));
        assertEquals(Optional.empty(), names.clientSuccessName(REGISTERED));
    }

    @ParameterizedTest
    @ValueSource(strings = { "Signed Up", "=Registered", "Signed Up=" })
    void invalidRenameEntryIsRefusedNamingTheSetting(String entry) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> names(List.of(), List.of(entry)));

        assertTrue(e.getMessage().contains("EVENT_RENAMES"), e.getMessage());
        assertTrue(e.getMessage().contains("'" + entry + "'"), e.getMessage());
    }

    @Test
    void pageTemplateFillsNameAndCategory() {
        assertEquals("Docs Install", names(List.of(), List.of()).pageName("page", "Install", "Docs"));
    }

    @Test
    void missingPartsLeaveNoStraySpaces() {
        EventNames names = names(List.of(), List.of());

        assertEquals("Install", names.pageName("page", "Install", null));
        assertEquals("Docs", names.pageName("page", null, "Docs"));
    }

    @Test
    void screenUsesTheScreenTemplate() {
        assertEquals("Screen: Settings", names(List.of(), List.of()).pageName("screen", "Settings", "App"));
    }

    @Test
    void emptyResultFallsBackToTheDefaults() {
        EventNames names = new EventNames(
                new StubMapping(PAGE_TEMPLATE, "{name}", Optional.empty(), Optional.empty()));

        assertEquals(EventNames.DEFAULT_PAGE, names.pageName("page", null, null));
        assertEquals(EventNames.DEFAULT_SCREEN, names.pageName("screen", null, ""));
    }

    @Test
    void templateWithoutPlaceholdersNamesEveryView() {
        EventNames names = new EventNames(new StubMapping("Pageview", "Screenview", Optional.empty(), Optional.empty()));

        assertEquals("Pageview", names.pageName("page", "Install", "Docs"));
        assertEquals("Screenview", names.pageName("screen", "Settings", null));
    }

    private static EventNames names(List<String> allowed, List<String> renames) {
        return new EventNames(new StubMapping(PAGE_TEMPLATE, SCREEN_TEMPLATE, Optional.of(allowed),
                Optional.of(renames)));
    }
}
