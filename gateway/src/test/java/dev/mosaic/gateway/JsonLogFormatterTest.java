package dev.mosaic.gateway;

import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import io.helidon.logging.common.HelidonMdc;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JsonLogFormatterTest {

    private final JsonLogFormatter formatter = new JsonLogFormatter("gateway");

    @AfterEach
    void clearMdc() {
        HelidonMdc.clear();
    }

    private static JsonObject parse(String line) {
        assertThat(line).endsWith(System.lineSeparator());
        assertThat(line.strip()).doesNotContain("\n");
        try (var reader = jakarta.json.Json.createReader(new StringReader(line))) {
            return reader.readObject();
        }
    }

    @Test
    void writesOneJsonObjectWithTheRequiredFields() {
        HelidonMdc.set("requestId", "req-1");
        HelidonMdc.set("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");
        LogRecord record = new LogRecord(Level.WARNING, "catalog \"refused\"\nthe connection");
        record.setLoggerName("dev.mosaic.gateway.ProxyHandler");

        JsonObject json = parse(formatter.format(record));

        assertThat(json.getString("timestamp")).isEqualTo(record.getInstant().toString());
        assertThat(json.getString("level")).isEqualTo("WARN");
        assertThat(json.getString("service")).isEqualTo("gateway");
        assertThat(json.getString("logger")).isEqualTo("dev.mosaic.gateway.ProxyHandler");
        assertThat(json.getString("message")).isEqualTo("catalog \"refused\"\nthe connection");
        assertThat(json.getString("requestId")).isEqualTo("req-1");
        assertThat(json.getString("traceId")).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void mapParameterBecomesTypedFields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("status", 503);
        fields.put("upstream", "catalog");
        LogRecord record = new LogRecord(Level.INFO, "GET /api/products 503");
        record.setParameters(new Object[] {fields});

        JsonObject json = parse(formatter.format(record));

        assertThat(json.getInt("status")).isEqualTo(503);
        assertThat(json.getString("upstream")).isEqualTo("catalog");
        assertThat(json).doesNotContainKey("requestId");
    }

    @Test
    void exceptionStaysOnTheSameLine() {
        LogRecord record = new LogRecord(Level.SEVERE, "boom");
        record.setThrown(new IllegalStateException("broken"));

        JsonObject json = parse(formatter.format(record));

        assertThat(json.getString("level")).isEqualTo("ERROR");
        assertThat(json.getString("error")).isEqualTo("java.lang.IllegalStateException: broken");
        assertThat(json.getString("stackTrace")).contains("JsonLogFormatterTest");
    }
}
