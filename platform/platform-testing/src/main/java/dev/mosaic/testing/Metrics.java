package dev.mosaic.testing;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A service's {@code /metrics} as Prometheus samples, for asserting on meters by name and labels:
 * {@code Metrics.scrape(http).value("mosaic_orders_placed_total")}.
 */
public final class Metrics {

    /** One sample line: metric name, labels and value. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples;

    private Metrics(List<Sample> samples) {
        this.samples = samples;
    }

    public static Metrics scrape(Http http) {
        HttpResponse<String> response = http.get("/metrics");
        if (response.statusCode() != 200) {
            throw new AssertionError("GET /metrics answered " + response.statusCode() + ": " + response.body());
        }
        return parse(response.body());
    }

    /** Parses the Prometheus text format (as Helidon writes it, trailing comma in label sets included). */
    public static Metrics parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            Map<String, String> labels = new LinkedHashMap<>();
            String name;
            if (brace >= 0 && brace < space) {
                name = line.substring(0, brace);
                parseLabels(line.substring(brace + 1, line.lastIndexOf('}')), labels);
            } else {
                name = line.substring(0, line.indexOf(' '));
            }
            samples.add(new Sample(name, labels, Double.parseDouble(line.substring(space + 1).strip())));
        }
        return new Metrics(samples);
    }

    public List<Sample> samples() {
        return samples;
    }

    /**
     * The sum of the samples named {@code name} whose labels include {@code labels} (name, value, name, value...);
     * NaN when there is none.
     */
    public double value(String name, String... labels) {
        List<Sample> matching = matching(name, labels);
        return matching.isEmpty() ? Double.NaN : matching.stream().mapToDouble(Sample::value).sum();
    }

    /** Like {@link #value}, but 0 when no such sample exists yet (a counter not incremented so far). */
    public double count(String name, String... labels) {
        List<Sample> matching = matching(name, labels);
        return matching.stream().mapToDouble(Sample::value).sum();
    }

    private List<Sample> matching(String name, String... labels) {
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name, value pairs: " + List.of(labels));
        }
        return samples.stream().filter(s -> s.name().equals(name)).filter(s -> {
            for (int i = 0; i < labels.length; i += 2) {
                if (!labels[i + 1].equals(s.labels().get(labels[i]))) {
                    return false;
                }
            }
            return true;
        }).toList();
    }

    private static void parseLabels(String body, Map<String, String> labels) {
        int i = 0;
        while (i < body.length()) {
            int eq = body.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String key = body.substring(i, eq).strip();
            StringBuilder value = new StringBuilder();
            int j = eq + 2; // past ="
            while (j < body.length() && body.charAt(j) != '"') {
                char c = body.charAt(j);
                if (c == '\\' && j + 1 < body.length()) {
                    char next = body.charAt(++j);
                    value.append(next == 'n' ? '\n' : next);
                } else {
                    value.append(c);
                }
                j++;
            }
            labels.put(key, value.toString());
            i = j + 1;
            while (i < body.length() && (body.charAt(i) == ',' || body.charAt(i) == ' ')) {
                i++;
            }
        }
    }
}
