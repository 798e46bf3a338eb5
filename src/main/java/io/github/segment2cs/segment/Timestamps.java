package io.github.segment2cs.segment;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;

/** ISO-8601 date-times as Segment's libraries write them: offset {@code Z}, {@code +02:00} or {@code +0200}. */
public final class Timestamps {

    private static final DateTimeFormatter COMPACT_OFFSET = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME).appendOffset("+HHMM", "Z").toFormatter();

    private Timestamps() {
    }

    /** The instant, or null when the text is not an ISO-8601 date-time with an offset. */
    public static Instant parse(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text, COMPACT_OFFSET).toInstant();
            } catch (DateTimeParseException alsoInvalid) {
                return null;
            }
        }
    }
}
