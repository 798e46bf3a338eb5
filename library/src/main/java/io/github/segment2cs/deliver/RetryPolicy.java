package io.github.segment2cs.deliver;

import io.github.segment2cs.settings.Settings;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try a transiently failed delivery again: exponential backoff with jitter from the
 * initial backoff up to the maximum, never sooner than {@code Retry-After}, and not after the
 * retry window (counted from the first failure) has closed.
 */
public class RetryPolicy {

    private final long initialMillis;
    private final long maxMillis;
    private final long windowMillis;

    public RetryPolicy(Settings.Delivery config) {
        this.initialMillis = config.retry().initialBackoff().toMillis();
        this.maxMillis = config.retry().maxBackoff().toMillis();
        this.windowMillis = config.retry().window().toMillis();
    }

    public long maxBackoffMillis() {
        return maxMillis;
    }

    /** The next attempt's time, or empty when the retry window is over. */
    public OptionalLong nextAttemptAt(int failuresSoFar, long firstFailureAt, Long retryAfterMillis, long now) {
        long ceiling = initialMillis << Math.min(failuresSoFar, 30);
        long backoff = Math.min(maxMillis, ceiling > 0 ? ceiling : maxMillis);
        long delay = backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
        if (retryAfterMillis != null) {
            delay = Math.max(delay, retryAfterMillis);
        }
        long next = now + delay;
        return next > firstFailureAt + windowMillis ? OptionalLong.empty() : OptionalLong.of(next);
    }
}
