package io.github.segment2cs.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.segment2cs.settings.Settings;
import java.time.Duration;
import java.util.HashSet;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryPolicyTest {

    private static final long INITIAL = Duration.ofSeconds(1).toMillis();
    private static final long MAX = Duration.ofMinutes(1).toMillis();
    private static final long WINDOW = Duration.ofHours(4).toMillis();
    private static final long FIRST_FAILURE = 1_700_000_000_000L;
    private static final int SAMPLES = 500;

    record StubRetry(Duration initialBackoff, Duration maxBackoff, Duration window)
            implements Settings.Delivery.Retry {
    }

    record StubDelivery(Retry retry) implements Settings.Delivery {
        @Override
        public Circuit circuit() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int maxRate() {
            throw new UnsupportedOperationException();
        }

        @Override
        public long pollInterval() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int batchSize() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int connectTimeout() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int responseTimeout() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int maxConnections() {
            throw new UnsupportedOperationException();
        }
    }

    private final RetryPolicy policy = new RetryPolicy(new StubDelivery(
            new StubRetry(Duration.ofMillis(INITIAL), Duration.ofMillis(MAX), Duration.ofMillis(WINDOW))));

    @ParameterizedTest(name = "after {0} failures the backoff is {1} ms")
    @CsvSource({ "0, 1000", "1, 2000", "2, 4000", "5, 32000", "6, 60000", "40, 60000" })
    void backoffDoublesFromInitialUpToMaxWithJitterInTheUpperHalf(int failures, long backoff) {
        for (int i = 0; i < SAMPLES; i++) {
            long delay = delay(failures, null);
            assertTrue(delay >= backoff / 2 && delay <= backoff,
                    "delay " + delay + " outside [" + backoff / 2 + ", " + backoff + "]");
        }
    }

    @Test
    void jitterSpreadsRetries() {
        Set<Long> delays = new HashSet<>();
        for (int i = 0; i < SAMPLES; i++) {
            delays.add(delay(6, null));
        }
        assertTrue(delays.size() > 1, "every retry was scheduled with the same delay");
    }

    @Test
    void longerRetryAfterIsHonoured() {
        long retryAfter = Duration.ofSeconds(30).toMillis();

        assertEquals(retryAfter, delay(0, retryAfter));
    }

    @Test
    void shorterRetryAfterDoesNotShortenTheBackoff() {
        assertTrue(delay(6, 0L) >= MAX / 2);
    }

    @Test
    void noRetryOnceTheWindowFromTheFirstFailureHasClosed() {
        // Even the shortest possible delay (initial / 2) lands past the window's end.
        long now = FIRST_FAILURE + WINDOW - INITIAL / 4;

        assertEquals(OptionalLong.empty(), policy.nextAttemptAt(0, FIRST_FAILURE, null, now));
    }

    @Test
    void noRetryWhenRetryAfterReachesPastTheWindow() {
        long now = FIRST_FAILURE + WINDOW - Duration.ofMinutes(10).toMillis();

        assertEquals(OptionalLong.empty(),
                policy.nextAttemptAt(0, FIRST_FAILURE, Duration.ofMinutes(11).toMillis(), now));
    }

    @Test
    void retryStillScheduledJustInsideTheWindow() {
        long now = FIRST_FAILURE + WINDOW - MAX;

        assertTrue(policy.nextAttemptAt(40, FIRST_FAILURE, null, now).isPresent());
    }

    private long delay(int failures, Long retryAfter) {
        OptionalLong next = policy.nextAttemptAt(failures, FIRST_FAILURE, retryAfter, FIRST_FAILURE);
        assertTrue(next.isPresent(), "retry window closed unexpectedly");
        return next.getAsLong() - FIRST_FAILURE;
    }
}
