package io.github.segment2cs.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class LogSafeTest {

    @Test
    void lineBreaksAndOtherControlCharactersAreEscaped() {
        assertEquals("Signed Up\\n12:00:00.000 ERROR [forged] line", LogSafe.text("Signed Up\n12:00:00.000 ERROR [forged] line"));
        assertEquals("a\\rb\\tc\\u001bd\\u2028e\\u0085f", LogSafe.text("a\rb\tc\u001bd\u2028e\u0085f"));
        assertEquals("Bidi\\u202eevil\\u2066x", LogSafe.text("Bidi\u202eevil\u2066x"));
    }

    @Test
    void ordinaryTextIsLoggedAsItIs() {
        String text = "Café – 日本 Report Submitted";
        assertSame(text, LogSafe.text(text));
        assertEquals("null", String.valueOf(LogSafe.text(null)));
    }
}
