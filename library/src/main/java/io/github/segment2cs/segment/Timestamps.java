package io.github.segment2cs.segment;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;

/** ISO-8601 date-times as Segment's libraries write them: offset {@code Z}, {@code +02:00} or {@code +0200}. */
public final class Timestamps {

    private static final DateTimeFormatter COMPACT_OFFSET = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME).appendOffset("+HHMM", "Z").toFormatter()
            .withResolverStyle(ResolverStyle.STRICT);
    /** Years 1 to 9999: ISO-8601's four digits, without the year 0 that no calendar date has. */
    private static final Instant FIRST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private Timestamps() {
    }

    /**
     * The instant, or null when the text is not an ISO-8601 date-time with an offset, or names a
     * date that does not exist ({@code 2024-02-30}, year 0): such a date is refused, never moved.
     */
    public static Instant parse(String text) {
        Instant instant;
        try {
            instant = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                instant = OffsetDateTime.parse(text, COMPACT_OFFSET).toInstant();
            } catch (DateTimeParseException alsoInvalid) {
                return null;
            }
        }
        return instant.isBefore(FIRST) || instant.isAfter(LAST) ? null : instant;
    }
}
