package dev.mosaic.gateway;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;

import io.helidon.logging.common.HelidonMdc;

/**
 * Formats each log record as one JSON object per line, with the request id, trace id and the gateway's span id
 * of the current request, and the id of the order it concerns, if any.
 *
 * <p>A {@code Map} passed as the record's only parameter adds its entries as extra fields, so an access line
 * stays machine-readable ({@code status}, {@code durationMs}) without parsing the message.
 */
public class JsonLogFormatter extends Formatter {

    static final String REQUEST_ID = "requestId";
    static final String TRACE_ID = "traceId";
    static final String SPAN_ID = "spanId";
    static final String ORDER_ID = "orderId";

    private final String service;

    public JsonLogFormatter() {
        this(serviceFromLogManager());
    }

    JsonLogFormatter(String service) {
        this.service = service;
    }

    @Override
    public String format(LogRecord record) {
        StringBuilder json = new StringBuilder(256).append('{');
        field(json, "timestamp", record.getInstant().toString());
        field(json, "level", level(record.getLevel()));
        field(json, "service", service);
        field(json, "logger", String.valueOf(record.getLoggerName()));
        field(json, "message", formatMessage(record));
        HelidonMdc.get(REQUEST_ID).ifPresent(id -> field(json, REQUEST_ID, id));
        HelidonMdc.get(TRACE_ID).ifPresent(id -> field(json, TRACE_ID, id));
        HelidonMdc.get(SPAN_ID).ifPresent(id -> field(json, SPAN_ID, id));
        HelidonMdc.get(ORDER_ID).ifPresent(id -> field(json, ORDER_ID, id));
        Object[] parameters = record.getParameters();
        if (parameters != null && parameters.length == 1 && parameters[0] instanceof Map<?, ?> extra) {
            extra.forEach((key, value) -> field(json, String.valueOf(key), value));
        }
        Throwable thrown = record.getThrown();
        if (thrown != null) {
            field(json, "error", thrown.toString());
            StringWriter stack = new StringWriter();
            thrown.printStackTrace(new PrintWriter(stack));
            field(json, "stackTrace", stack.toString());
        }
        json.setLength(json.length() - 1);
        return json.append('}').append(System.lineSeparator()).toString();
    }

    private static void field(StringBuilder json, String name, Object value) {
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

    private static String serviceFromLogManager() {
        String configured = LogManager.getLogManager().getProperty(JsonLogFormatter.class.getName() + ".service");
        return configured == null || configured.isBlank() ? "gateway" : configured.strip();
    }
}
