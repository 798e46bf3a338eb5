package io.github.segment2cs.segment;

/**
 * Values a sender supplied, made safe to write to the log: control characters (line breaks above
 * all) and the marks that reorder text on screen (bidirectional overrides) are escaped, so that a
 * sender cannot write lines, or make lines look, like the service's own.
 */
public final class LogSafe {

    private LogSafe() {
    }

    public static String text(Object value) {
        if (value == null) {
            return null;
        }
        String text = value.toString();
        StringBuilder safe = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || bidirectional(c);
            if (control && safe == null) {
                safe = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (safe != null) {
                if (!control) {
                    safe.append(c);
                } else if (c == '\n') {
                    safe.append("\\n");
                } else if (c == '\r') {
                    safe.append("\\r");
                } else if (c == '\t') {
                    safe.append("\\t");
                } else {
                    safe.append(String.format("\\u%04x", (int) c));
                }
            }
        }
        return safe == null ? text : safe.toString();
    }

    private static boolean bidirectional(char c) {
        return c >= '\u202A' && c <= '\u202E' || c >= '\u2066' && c <= '\u2069' || c == '\u200E' || c == '\u200F'
                || c == '\u061C';
    }
}
