package io.github.segment2cs.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class SqlTest {

    /** A dead letter is often parked for the very value that did not fit: parking must not fail for it too. */
    @Test
    void clipMakesAValueFitADescriptiveColumn() {
        assertEquals("abc", Sql.clip("abcdef", 3));
        assertEquals("abcdef", Sql.clip("abcdef", 10));
        assertEquals("ab", Sql.clip("a\u0000b", 10));
        assertNull(Sql.clip(null, 10));
    }
}
