package io.github.segment2cs.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimestampsTest {

    /** What java.time alone makes of the text: the answer the digit-by-digit reading must give. */
    static Instant javaTime(String text) {
        DateTimeFormatter compact = new DateTimeFormatterBuilder().append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
                .appendOffset("+HHMM", "Z").toFormatter().withResolverStyle(ResolverStyle.STRICT);
        Instant instant;
        try {
            instant = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                instant = OffsetDateTime.parse(text, compact).toInstant();
            } catch (DateTimeParseException alsoInvalid) {
                return null;
            }
        }
        return instant.isBefore(Instant.parse("0001-01-01T00:00:00Z"))
                || instant.isAfter(Instant.parse("9999-12-31T23:59:59.999999999Z")) ? null : instant;
    }

    @Test
    void readsWhatSegmentLibrariesWrite() {
        assertEquals(Instant.parse("2024-05-01T10:00:00.123Z"), Timestamps.parse("2024-05-01T10:00:00.123Z"));
        assertEquals(Instant.parse("2024-05-01T08:00:00Z"), Timestamps.parse("2024-05-01T10:00:00+02:00"));
        assertEquals(Instant.parse("2024-05-01T08:00:00Z"), Timestamps.parse("2024-05-01T10:00:00+0200"));
        assertEquals(Instant.parse("2024-05-01T12:30:00.000000001Z"), Timestamps.parse("2024-05-01T10:00:00.000000001-02:30"));
    }

    @Test
    void refusesDatesThatDoNotExist() {
        for (String text : new String[] { "2024-02-30T10:00:00Z", "2023-02-29T00:00:00Z", "0000-01-01T00:00:00Z",
                "2024-13-01T00:00:00Z", "2024-01-01T24:00:00Z", "2024-01-01T23:59:60Z", "2024-01-01T10:00:00+19:00",
                "2024-01-01T10:00:00.1234567890Z", "2024-01-01 10:00:00Z",
                "2024-01-01T10:00:00", "0001-01-01T00:00:00+01:00" }) {
            assertNull(Timestamps.parse(text), text);
        }
    }

    /** Every variation of the usual form, valid or not, reads as java.time reads it. */
    @Test
    void agreesWithJavaTimeOnVariations() {
        String[] forms = { "2024-02-29T23:59:59.999Z", "1999-12-31T00:00:00+14:00", "2024-05-01T10:00:00.5-0330",
                "9999-12-31T23:59:59.999999999Z", "0001-01-01T00:00:00Z", "2024-05-01t10:00:00z",
                "2024-05-01T10:00Z", "+2024-05-01T10:00:00Z" };
        String alphabet = "0123456789-+:.TZ9";
        Random random = new Random(42);
        for (String form : forms) {
            assertEquals(javaTime(form), Timestamps.parse(form), form);
            for (int i = 0; i < 20_000; i++) {
                char[] text = form.toCharArray();
                text[random.nextInt(text.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
                String variation = new String(text);
                assertEquals(javaTime(variation), Timestamps.parse(variation), variation);
            }
        }
    }
}
