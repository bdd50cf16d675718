package dev.mosaic.e2e;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * The metric names that observability/ queries: every PromQL expression of the Prometheus rule files and of the
 * Grafana dashboards' panels and template variables, reduced to the metric names it selects. Names with a colon
 * are recording rules' outputs and must be recorded by a rule; every other name must be exposed by a service.
 */
final class ObservabilityQueries {

    private static final Pattern TOKEN = Pattern.compile(
            "\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`"     // string literals
                    + "|\\{[^}]*}|\\[[^]]*]"                                 // label matchers, ranges
                    + "|\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?[a-z]*"            // numbers and durations
                    + "|\\$\\{?\\w+}?"                                       // Grafana variables
                    + "|[a-zA-Z_:][a-zA-Z0-9_:]*"                            // identifiers
                    + "|\\(|\\)|\\S");
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "bool", "and", "or", "unless", "offset", "inf", "nan", "atan2",
            // aggregations, which may be followed by "by (...)" rather than "(" at once
            "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk",
            "quantile", "limitk", "limit_ratio");
    /** Keywords followed by a parenthesised list of label names, not metrics. */
    private static final Set<String> LABEL_LISTS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");
    private static final Pattern RECORD = Pattern.compile("^\\s*-?\\s*record:\\s*(\\S+)\\s*$");
    private static final Pattern EXPR = Pattern.compile("^(\\s*)-?\\s*expr:\\s*(.*)$");

    /** Each referenced metric name, with the queries that name it (file: place). */
    private final Map<String, Set<String>> references = new TreeMap<>();
    private final Set<String> recorded = new LinkedHashSet<>();

    static ObservabilityQueries of(Path observability) {
        ObservabilityQueries queries = new ObservabilityQueries();
        try (Stream<Path> files = Files.walk(observability)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (file.toString().contains("/tests/")) {
                    continue;
                }
                if (name.endsWith("-rules.yml")) {
                    queries.readRules(observability.relativize(file).toString(), Files.readAllLines(file));
                } else if (name.endsWith(".json") && file.toString().contains("grafana")) {
                    try (Reader reader = Files.newBufferedReader(file)) {
                        queries.readDashboard(observability.relativize(file).toString(), Json.createReader(reader).readObject());
                    }
                }
            }
        } catch (IOException e) {
            throw new AssertionError("Cannot read " + observability + ": " + e.getMessage(), e);
        }
        return queries;
    }

    Map<String, Set<String>> references() {
        return references;
    }

    Set<String> recorded() {
        return recorded;
    }

    /** The metric names {@code promql} selects, in order of appearance. */
    static Set<String> metricNames(String promql) {
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(promql);
        while (m.find()) {
            tokens.add(m.group());
        }
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            if (!token.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
                continue;
            }
            String next = i + 1 < tokens.size() ? tokens.get(i + 1) : "";
            if (LABEL_LISTS.contains(token) && next.equals("(")) {
                while (i < tokens.size() && !tokens.get(i).equals(")")) {
                    i++;
                }
                continue;
            }
            if (KEYWORDS.contains(token.toLowerCase(java.util.Locale.ROOT)) || next.equals("(")) {
                continue; // a keyword, or a function or aggregation being called
            }
            names.add(token);
        }
        return names;
    }

    private void readRules(String file, List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            Matcher record = RECORD.matcher(lines.get(i));
            if (record.matches()) {
                recorded.add(record.group(1));
            }
            Matcher expr = EXPR.matcher(lines.get(i));
            if (!expr.matches()) {
                continue;
            }
            int line = i + 1;
            StringBuilder text = new StringBuilder();
            String value = expr.group(2).strip();
            if (value.equals("|") || value.equals(">") || value.equals("|-") || value.equals(">-")) {
                int indent = expr.group(1).length();
                while (i + 1 < lines.size() && (lines.get(i + 1).isBlank()
                        || lines.get(i + 1).length() - lines.get(i + 1).stripLeading().length() > indent + 2)) {
                    text.append(lines.get(++i)).append('\n');
                }
            } else {
                text.append(value.startsWith("\"") || value.startsWith("'") ? value.substring(1, value.length() - 1) : value);
            }
            add(file + ":" + line, text.toString());
        }
    }

    private void readDashboard(String file, JsonObject dashboard) {
        for (JsonValue p : dashboard.getJsonArray("panels")) {
            JsonObject panel = p.asJsonObject();
            for (JsonValue t : panel.getJsonArray("targets")) {
                add(file + ": panel '" + panel.getString("title") + "'", t.asJsonObject().getString("expr"));
            }
        }
        for (JsonValue v : dashboard.getJsonObject("templating").getJsonArray("list")) {
            JsonObject variable = v.asJsonObject();
            if ("query".equals(variable.getString("type"))) {
                String query = variable.getJsonObject("query").getString("query");
                if (query.startsWith("label_values(")) {
                    query = query.substring("label_values(".length(), query.lastIndexOf(','));
                }
                add(file + ": variable '" + variable.getString("name") + "'", query);
            }
        }
    }

    private void add(String where, String promql) {
        for (String name : metricNames(promql)) {
            references.computeIfAbsent(name, n -> new LinkedHashSet<>()).add(where);
        }
    }
}
