package io.github.segment2cs.holdback;

import io.github.segment2cs.segment.Headers;
import io.github.segment2cs.settings.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds held users whose oldest event's window has ended, and users grouped by another instance
 * sharing the database (this instance's aggregator sees only its own group calls). Each becomes a
 * control message for the aggregator. Windows are ended here alone, from the database's index on
 * the oldest held time, so their cost does not grow with the held users at start or in memory.
 */
public class HeldEventSweeper {

    private final HeldEventRepository repository;
    private final long windowMillis;

    public HeldEventSweeper(HeldEventRepository repository, Settings.Holdback config) {
        this.repository = repository;
        this.windowMillis = config.window().toMillis();
    }

    /** Control messages, as {@code {userId, holdControl}} maps, for the sweep route to send. */
    public List<Map<String, String>> sweep() {
        List<Map<String, String>> controls = new ArrayList<>();
        Set<String> grouped = repository.groupedKeys();
        grouped.forEach(user -> controls.add(control(user, HoldCommand.RELEASE)));
        repository.keysHeldSince(System.currentTimeMillis() - windowMillis).stream()
                .filter(user -> !grouped.contains(user)).forEach(user -> controls.add(control(user, HoldCommand.TIMEOUT)));
        return controls;
    }

    public static Map<String, String> control(String userId, HoldCommand control) {
        return Map.of(Headers.USER_ID, userId, Headers.HOLD_CONTROL, control.value());
    }
}
