package io.github.segment2cs.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.segment2cs.store.InboxStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingLanesTest {

    private long nextId;

    @Test
    void aUsersMessagesShareALaneInTheOrderTheyArrived() {
        List<InboxStore.Entry> claim = List.of(entry("a"), entry("b"), entry("a"), entry("c"), entry("b"), entry("a"));

        List<List<List<InboxStore.Entry>>> phases = RoutingLanes.plan(claim, 2);

        // c arrives when a has two messages and b one: it joins b's lane.
        assertEquals(List.of(List.of("a1", "a3", "a6"), List.of("b2", "c4", "b5")), names(phases.get(0)));
        assertEquals(1, phases.size());
    }

    @Test
    void aMessageWithoutOrderKeyIsAPhaseOfItsOwnBetweenWhatCameBeforeAndAfter() {
        List<InboxStore.Entry> claim = List.of(entry("a"), entry("b"), entry(null), entry("a"), entry(null),
                entry(null), entry("b"));

        List<List<List<InboxStore.Entry>>> phases = RoutingLanes.plan(claim, 2);

        assertEquals(List.of(List.of(List.of("a1"), List.of("b2")), List.of(List.of("null3")), List.of(List.of("a4")),
                List.of(List.of("null5")), List.of(List.of("null6")), List.of(List.of("b7"))),
                phases.stream().map(this::names).toList());
    }

    @Test
    void oneLaneKeepsTheClaimsOrder() {
        List<InboxStore.Entry> claim = List.of(entry("a"), entry("b"), entry("a"));

        assertEquals(List.of(List.of("a1", "b2", "a3")), names(RoutingLanes.plan(claim, 1).get(0)));
    }

    @Test
    void anEmptyClaimHasNoPhase() {
        assertEquals(List.of(), RoutingLanes.plan(List.of(), 2));
    }

    private InboxStore.Entry entry(String orderKey) {
        long id = ++nextId;
        return new InboxStore.Entry(id, orderKey + id, orderKey, 0, "{}");
    }

    private List<List<String>> names(List<List<InboxStore.Entry>> lanes) {
        List<List<String>> names = new ArrayList<>();
        for (List<InboxStore.Entry> lane : lanes) {
            names.add(lane.stream().map(InboxStore.Entry::messageId).toList());
        }
        return names;
    }
}
