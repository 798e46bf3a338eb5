package io.github.segment2cs.holdback;

import io.github.segment2cs.segment.Headers;
import io.github.segment2cs.settings.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds held users that the aggregator alone would not complete in time: users grouped meanwhile
 * (by another instance sharing the database) and users whose window ran out while the instance
 * that held them was down. Each becomes a control message for the aggregator.
 */
public class HeldEventSweeper {

    /** The aggregator's own timeout normally fires first; the sweep only catches what it missed. */
    static final long TIMEOUT_GRACE_MILLIS = 60_000;

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
        repository.keysHeldSince(System.currentTimeMillis() - windowMillis - TIMEOUT_GRACE_MILLIS).stream()
                .filter(user -> !grouped.contains(user)).forEach(user -> controls.add(control(user, HoldCommand.TIMEOUT)));
        return controls;
    }

    public static Map<String, String> control(String userId, HoldCommand control) {
        return Map.of(Headers.USER_ID, userId, Headers.HOLD_CONTROL, control.value());
    }
}
