package io.github.segment2cs.holdback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The hold commands as the header and the stored releases write them, earlier versions' included. */
class HoldCommandTest {

    @Test
    void eachCommandIsReadFromTheWordEarlierVersionsStoredToo() {
        assertEquals(HoldCommand.RELEASE, HoldCommand.of("release"));
        assertEquals(HoldCommand.TRANSFER, HoldCommand.of("transfer"));
        assertEquals(HoldCommand.FORCE, HoldCommand.of("force"));
        assertEquals(HoldCommand.EXPIRE, HoldCommand.of("expire"));
        assertEquals(HoldCommand.TIMEOUT, HoldCommand.of("timeout"));
        assertEquals("timeout", HoldCommand.TIMEOUT.value());
    }

    @Test
    void noHeaderIsNoCommandAndAMisspeltOneIsRefusedByName() {
        assertNull(HoldCommand.of(null));
        IllegalArgumentException refusal = assertThrows(IllegalArgumentException.class, () -> HoldCommand.of("relase"));
        assertEquals("No such hold command: 'relase' (holdControl)", refusal.getMessage());
    }
}
