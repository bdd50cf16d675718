package dev.mosaic.platform.core;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;

/**
 * Formats each log record as one JSON object per line, with the fields people grep for at 3 a.m., the same in
 * every process: {@code timestamp, level, service, logger, message}, the {@link RequestContext} ids
 * {@code requestId, traceId, spanId} and {@code subject} when the work concerns one entity (an order's id, say:
 * {@code ./mosaic logs --order} follows it across processes), {@code thread}, and
 * {@code error} and {@code stack} when an exception is attached.
 *
 * <p>A {@code Map} passed as the record's only parameter adds its entries as extra fields, so a line such as an
 * access line stays machine-readable ({@code status}, {@code durationMs}) without parsing its message.
 *
 * <p>The service name comes from the logging property {@code dev.mosaic.platform.core.JsonLogFormatter.service},
 * else the system property {@code mosaic.service.name}.
 */
public class JsonLogFormatter extends Formatter {

    private final String service;

    public JsonLogFormatter() {
        this(serviceName());
    }

    public JsonLogFormatter(String service) {
        this.service = service;
    }

    @Override
    public String format(LogRecord record) {
        return format(record, RequestContext.current().orElse(null), Thread.currentThread().getName());
    }

    /**
     * The line of {@code record} written in the unit of work {@code ids} (null: none) by thread {@code thread}: for
     * a handler that formats records later, on a thread of its own.
     */
    public String format(LogRecord record, RequestContext.Ids ids, String thread) {
        StringBuilder json = new StringBuilder(256).append('{');
        field(json, "timestamp", record.getInstant().toString());
        field(json, "level", level(record.getLevel()));
        field(json, "service", service);
        field(json, "logger", record.getLoggerName());
        field(json, "message", formatMessage(record));
        if (ids != null) {
            field(json, "requestId", ids.requestId());
            field(json, "traceId", ids.traceId());
            field(json, "spanId", ids.spanId());
            field(json, "subject", ids.subject());
        }
        field(json, "thread", thread);
        Object[] parameters = record.getParameters();
        if (parameters != null && parameters.length == 1 && parameters[0] instanceof Map<?, ?> extra) {
            extra.forEach((key, value) -> field(json, String.valueOf(key), value));
        }
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

    private static void field(StringBuilder json, String name, Object value) {
        if (value == null) {
            return;
        }
        Json.quote(json, name).append(':');
        if (value instanceof Number || value instanceof Boolean) {
            json.append(value);
        } else {
            Json.quote(json, String.valueOf(value));
        }
        json.append(',');
    }

    // Log tooling (Loki, Elastic, Cloud Logging) understands these names, not JUL's SEVERE/FINE.
    private static String level(Level level) {
        int value = level.intValue();
        if (value >= Level.SEVERE.intValue()) {
            return "ERROR";
        } else if (value >= Level.WARNING.intValue()) {
            return "WARN";
        } else if (value >= Level.INFO.intValue()) {
            return "INFO";
        } else if (value >= Level.FINE.intValue()) {
            return "DEBUG";
        }
        return "TRACE";
    }

    private static String serviceName() {
        String configured = LogManager.getLogManager().getProperty(JsonLogFormatter.class.getName() + ".service");
        if (configured != null && !configured.isBlank()) {
            return configured.strip();
        }
        return System.getProperty("mosaic.service.name", "unknown");
    }
}
