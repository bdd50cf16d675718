package dev.mosaic.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One order's story across every process: the JSON log lines whose {@code orderId} is the order's id (or whose
 * {@code message} mentions it), from all logs, in timestamp order. What {@code ./mosaic logs --order <id>} prints.
 */
public final class OrderStory {

    /** One line of the story and the process that wrote it. */
    public record Line(String process, Instant timestamp, String text) {
    }

    private OrderStory() {
    }

    /**
     * Reads {@code logs} (process name to log file; missing files are skipped) and returns the lines about
     * {@code orderId}, oldest first; lines with the same timestamp keep their process and file order.
     */
    public static List<Line> of(String orderId, Map<String, Path> logs) throws IOException {
        List<Line> story = new ArrayList<>();
        for (Map.Entry<String, Path> log : logs.entrySet()) {
            if (!Files.isRegularFile(log.getValue())) {
                continue;
            }
            for (String text : Files.readAllLines(log.getValue(), StandardCharsets.UTF_8)) {
                about(orderId, text).ifPresent(timestamp -> story.add(new Line(log.getKey(), timestamp, text)));
            }
        }
        // By instant, not text: processes write different precisions (".504Z" beside ".504123456Z"). Stable sort.
        story.sort(Comparator.comparing(Line::timestamp));
        return story;
    }

    /** The line's timestamp when it is a JSON log line (with an ISO-8601 timestamp) about the order, else empty. */
    static Optional<Instant> about(String orderId, String text) {
        if (!text.startsWith("{") || !text.contains(orderId)) {
            return Optional.empty();
        }
        Map<String, String> fields = JsonLine.strings(text);
        String timestamp = fields.get("timestamp");
        if (timestamp == null) {
            return Optional.empty();
        }
        boolean about = orderId.equals(fields.get("orderId"))
                || (fields.containsKey("message") && fields.get("message").contains(orderId));
        if (!about) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(timestamp));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The top-level string fields of one JSON object; nested values are skipped, malformed input ends the read. */
    static final class JsonLine {

        private final String s;
        private int i;

        private JsonLine(String s) {
            this.s = s;
        }

        static Map<String, String> strings(String json) {
            Map<String, String> fields = new HashMap<>();
            JsonLine p = new JsonLine(json);
            try {
                p.skipSpace();
                p.expect('{');
                p.skipSpace();
                if (p.peek() == '}') {
                    return fields;
                }
                while (true) {
                    p.skipSpace();
                    String key = p.string();
                    p.skipSpace();
                    p.expect(':');
                    p.skipSpace();
                    if (p.peek() == '"') {
                        fields.put(key, p.string());
                    } else {
                        p.skipValue();
                    }
                    p.skipSpace();
                    if (p.peek() == ',') {
                        p.i++;
                    } else {
                        return fields;
                    }
                }
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                return fields; // what was read before the damage
            }
        }

        private char peek() {
            return s.charAt(i);
        }

        private void expect(char c) {
            if (s.charAt(i++) != c) {
                throw new IllegalArgumentException("expected " + c + " at " + (i - 1));
            }
        }

        private void skipSpace() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> out.append(e); // \" \\ \/
                }
            }
        }

        /** Skips a number, literal, object or array (strings inside are read so their brackets do not count). */
        private void skipValue() {
            int depth = 0;
            while (true) {
                char c = peek();
                if (c == '"') {
                    string();
                    continue;
                }
                if (c == '{' || c == '[') {
                    depth++;
                } else if (c == '}' || c == ']') {
                    if (depth == 0) {
                        return;
                    }
                    depth--;
                } else if (c == ',' && depth == 0) {
                    return;
                }
                i++;
            }
        }
    }
}
