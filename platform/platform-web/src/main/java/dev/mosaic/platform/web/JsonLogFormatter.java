package dev.mosaic.platform.web;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;

/**
 * Formats each log record as one JSON object per line with the fields people grep for at 3 a.m.:
 * {@code timestamp, level, service, logger, message, requestId, traceId, spanId}, {@code orderId} when the work
 * concerns an order (+ {@code error} and {@code stack} when an exception is attached). The service name comes
 * from the logging property {@code dev.mosaic.platform.web.JsonLogFormatter.service} or the system property
 * {@code mosaic.service.name}.
 */
public class JsonLogFormatter extends Formatter {

    private final String service;

    public JsonLogFormatter() {
        String fromLogging = LogManager.getLogManager().getProperty(JsonLogFormatter.class.getName() + ".service");
        String name = fromLogging != null ? fromLogging : System.getProperty("mosaic.service.name", "unknown");
        this.service = name;
    }

    @Override
    public String format(LogRecord record) {
        StringBuilder json = new StringBuilder(256);
        json.append('{');
        field(json, "timestamp", Instant.ofEpochMilli(record.getMillis()).toString());
        field(json, "level", level(record.getLevel()));
        field(json, "service", service);
        field(json, "logger", record.getLoggerName());
        field(json, "message", formatMessage(record));
        RequestContext.current().ifPresent(ids -> {
            field(json, "requestId", ids.requestId());
            field(json, "traceId", ids.traceId());
            field(json, "spanId", ids.spanId());
            field(json, "orderId", ids.orderId());
        });
        field(json, "thread", Thread.currentThread().getName());
        Throwable thrown = record.getThrown();
        if (thrown != null) {
            field(json, "error", thrown.toString());
            StringWriter stack = new StringWriter();
            thrown.printStackTrace(new PrintWriter(stack));
            field(json, "stack", stack.toString());
        }
        json.setLength(json.length() - 1);
        return json.append("}\n").toString();
    }

    private static String level(Level level) {
        return switch (level.getName()) {
            case "SEVERE" -> "ERROR";
            case "WARNING" -> "WARN";
            case "FINE", "FINER", "FINEST" -> "DEBUG";
            default -> level.getName();
        };
    }

    private static void field(StringBuilder json, String name, String value) {
        if (value == null) {
            return;
        }
        json.append('"').append(name).append("\":");
        quote(json, value);
        json.append(',');
    }

    static void quote(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
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
        out.append('"');
    }
}
