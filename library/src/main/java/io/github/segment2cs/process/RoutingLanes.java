package io.github.segment2cs.process;

import io.github.segment2cs.store.InboxStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How one claim is routed on several threads without changing any order that matters. The claim is
 * cut into phases, routed one after another; a message without an order key (a group or alias
 * call) is a phase of its own. Within a phase the messages are dealt to lanes, routed in parallel:
 * all messages with the same key (a user's) go to the same lane, in the order they arrived, and each
 * user goes to the lane with the fewest messages so far.
 */
public final class RoutingLanes {

    private RoutingLanes() {
    }

    /** The claim's phases; each a list of lanes; each lane the messages it routes, in order. */
    public static List<List<List<InboxStore.Entry>>> plan(List<InboxStore.Entry> claimed, int lanes) {
        List<List<List<InboxStore.Entry>>> phases = new ArrayList<>();
        Phase phase = new Phase(lanes);
        for (InboxStore.Entry entry : claimed) {
            if (entry.orderKey() == null) {
                phase.addTo(phases);
                phases.add(List.of(List.of(entry)));
                phase = new Phase(lanes);
            } else {
                phase.add(entry);
            }
        }
        phase.addTo(phases);
        return phases;
    }

    private static final class Phase {
        final List<List<InboxStore.Entry>> lanes = new ArrayList<>();
        final Map<String, List<InboxStore.Entry>> laneOfKey = new HashMap<>();

        Phase(int count) {
            for (int i = 0; i < count; i++) {
                lanes.add(new ArrayList<>());
            }
        }

        void add(InboxStore.Entry entry) {
            laneOfKey.computeIfAbsent(entry.orderKey(), key -> shortestLane()).add(entry);
        }

        private List<InboxStore.Entry> shortestLane() {
            List<InboxStore.Entry> shortest = lanes.get(0);
            for (List<InboxStore.Entry> lane : lanes) {
                if (lane.size() < shortest.size()) {
                    shortest = lane;
                }
            }
            return shortest;
        }

        void addTo(List<List<List<InboxStore.Entry>>> phases) {
            List<List<InboxStore.Entry>> used = lanes.stream().filter(lane -> !lane.isEmpty()).toList();
            if (!used.isEmpty()) {
                phases.add(used);
            }
        }
    }
}
