package io.github.segment2cs.segment;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.ZoneOffset;
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
        Instant instant = usualForm(text);
        if (instant != null) {
            return instant;
        }
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

    /**
     * The form nearly every message has ({@code 2024-05-01T10:00:00.123Z}, or an offset
     * {@code +02:00}), read digit by digit: java.time's parser took about 5 % of routing's time.
     * Null for anything else, which the full parser then reads (or refuses) as before.
     */
    private static Instant usualForm(String text) {
        int length = text.length();
        if (length < 20 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int end = 19;
        int nanos = 0;
        if (text.charAt(end) == '.') {
            int digits = 0;
            while (end + 1 < length && digits < 10 && isDigit(text.charAt(end + 1))) {
                nanos = nanos * 10 + (text.charAt(++end) - '0');
                digits++;
            }
            if (digits == 0 || digits > 9) {
                return null;
            }
            for (int i = digits; i < 9; i++) {
                nanos *= 10;
            }
            end++;
        }
        int offsetSeconds;
        if (end == length - 1 && text.charAt(end) == 'Z') {
            offsetSeconds = 0;
        } else if (end == length - 6 && (text.charAt(end) == '+' || text.charAt(end) == '-')
                && text.charAt(end + 3) == ':') {
            int hours = number(text, end + 1, end + 3);
            int minutes = number(text, end + 4, end + 6);
            if (hours < 0 || hours > 18 || minutes < 0 || minutes > 59) {
                return null;
            }
            offsetSeconds = (text.charAt(end) == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
        } else {
            return null;
        }
        int year = number(text, 0, 4);
        int month = number(text, 5, 7);
        int day = number(text, 8, 10);
        int hour = number(text, 11, 13);
        int minute = number(text, 14, 16);
        int second = number(text, 17, 19);
        if (year < 1 || month < 1 || month > 12 || day < 1 || day > Month.of(month).length(Year.isLeap(year))
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59
                || Math.abs(offsetSeconds) > 18 * 3600) {
            return null;
        }
        Instant instant = LocalDateTime.of(year, month, day, hour, minute, second, nanos)
                .toInstant(ZoneOffset.ofTotalSeconds(offsetSeconds));
        return instant.isBefore(FIRST) || instant.isAfter(LAST) ? null : instant;
    }

    /** The decimal number in {@code text} from {@code from} to {@code to}, or -1 for any other character. */
    private static int number(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
