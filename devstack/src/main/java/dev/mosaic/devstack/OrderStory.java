package dev.mosaic.devstack;

import java.io.IOException;
import java.io.StringReader;
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
import java.util.NoSuchElementException;
import java.util.Optional;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.stream.JsonParser;

/**
 * One order's story across every process: the JSON log lines whose {@code subject} is the order's id (or whose
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
        Map<String, String> fields = strings(text);
        String timestamp = fields.get("timestamp");
        if (timestamp == null) {
            return Optional.empty();
        }
        boolean about = orderId.equals(fields.get("subject"))
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

    /**
     * The top-level string fields of one JSON object; nested values are skipped. A damaged line (a process killed
     * while writing it) gives the fields read before the damage.
     */
    static Map<String, String> strings(String json) {
        Map<String, String> fields = new HashMap<>();
        try (JsonParser parser = Json.createParser(new StringReader(json))) {
            int depth = 0;
            String key = null;
            while (parser.hasNext()) {
                switch (parser.next()) {
                    case START_OBJECT, START_ARRAY -> depth++;
                    case END_OBJECT, END_ARRAY -> depth--;
                    case KEY_NAME -> key = depth == 1 ? parser.getString() : null;
                    case VALUE_STRING -> {
                        if (depth == 1 && key != null) {
                            fields.put(key, parser.getString());
                        }
                    }
                    default -> {
                        // numbers, booleans and nulls are not strings
                    }
                }
            }
        } catch (JsonException | NoSuchElementException e) {
            // what was read before the damage
        }
        return fields;
    }
}
