package dev.mosaic.platform.core;

/**
 * Writes JSON string literals. Log lines and the gateway's few flat answers need nothing more, so a JSON library
 * is not worth its weight (or its start-up) there.
 */
public final class Json {

    private Json() {
    }

    /** Appends {@code value} as a quoted, escaped JSON string. */
    public static StringBuilder quote(StringBuilder out, String value) {
        out.append('"');
        int plain = 0;
        while (plain < value.length() && !needsEscape(value.charAt(plain))) {
            plain++;
        }
        // Most values (ids, paths, messages) need no escaping: copied at once, the rest character by character.
        out.append(value, 0, plain);
        for (int i = plain; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }

    private static boolean needsEscape(char c) {
        return c < 0x20 || c == '"' || c == '\\';
    }

    public static String quote(String value) {
        return quote(new StringBuilder(value.length() + 2), value).toString();
    }
}
