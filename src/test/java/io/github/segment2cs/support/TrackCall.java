package io.github.segment2cs.support;

import java.util.concurrent.ThreadLocalRandom;

/**
 * A track call shaped like those analytics.js sends (Segment's spec example: context with the
 * library, page, user agent and IP, properties, anonymousId and the four timestamps), about 1 KB,
 * with a random messageId as Segment's libraries make them. The benchmarks measure with these:
 * smaller messages, or messageIds that sort together, would flatter the store (what a commit
 * writes grows with the messages, and random keys spread the writes over the indexes' pages).
 */
public final class TrackCall {

    private TrackCall() {
    }

    /** A messageId as analytics.js makes one: "ajs-" and 32 random hexadecimal digits. */
    public static String messageId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return String.format("ajs-%016x%016x", random.nextLong(), random.nextLong());
    }

    public static String json(String messageId, String userId, String event) {
        return "{\"anonymousId\":\"507f191e-810c-4972-9de8-60ea" + Integer.toHexString(userId.hashCode() & 0xffff)
                + "\",\"context\":{\"ip\":\"203.0.113.17\",\"library\":{\"name\":\"analytics.js\",\"version\":\"5.2.0\"},"
                + "\"locale\":\"en-US\",\"page\":{\"path\":\"/academy/\",\"referrer\":\"https://www.google.com/\","
                + "\"search\":\"?utm_source=newsletter\",\"title\":\"Analytics Academy\","
                + "\"url\":\"https://example.com/academy/?utm_source=newsletter\"},\"userAgent\":\"Mozilla/5.0 "
                + "(Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 "
                + "Safari/537.36\",\"timezone\":\"Europe/Berlin\",\"campaign\":{\"source\":\"newsletter\","
                + "\"medium\":\"email\",\"name\":\"november\"}},\"event\":\"" + event + "\",\"integrations\":{},"
                + "\"messageId\":\"" + messageId + "\",\"properties\":{\"title\":\"Intro to Analytics\","
                + "\"course_id\":\"c-1042\",\"plan\":\"team\",\"seats\":12},\"sentAt\":\"2026-11-30T10:15:01.169Z\","
                + "\"originalTimestamp\":\"2026-11-30T10:15:01.152Z\",\"timestamp\":\"2026-11-30T10:15:01.249Z\","
                + "\"type\":\"track\",\"userId\":\"" + userId + "\"}";
    }
}
