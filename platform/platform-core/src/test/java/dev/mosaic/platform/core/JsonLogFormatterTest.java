package dev.mosaic.platform.core;

import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JsonLogFormatterTest {

    @AfterEach
    void clear() {
        RequestContext.clear();
    }

    @Test
    void writesOneJsonObjectPerLineWithCorrelationIds() {
        var ids = RequestContext.begin("req-42", null);
        LogRecord record = new LogRecord(Level.WARNING, "Order {0} is \"late\"\nsecond line");
        record.setParameters(new Object[] {"o-1"});
        record.setLoggerName("dev.mosaic.orders.Saga");

        String line = new JsonLogFormatter().format(record);

        assertThat(line).endsWith("}\n").doesNotContain("\nsecond");
        JsonObject json = Json.createReader(new StringReader(line)).readObject();
        assertThat(json.getString("level")).isEqualTo("WARN");
        assertThat(json.getString("logger")).isEqualTo("dev.mosaic.orders.Saga");
        assertThat(json.getString("message")).isEqualTo("Order o-1 is \"late\"\nsecond line");
        assertThat(json.getString("requestId")).isEqualTo("req-42");
        assertThat(json.getString("traceId")).isEqualTo(ids.traceId());
        assertThat(json.getString("timestamp")).endsWith("Z");
        assertThat(json.containsKey("service")).isTrue();
        assertThat(json.getString("spanId")).isEqualTo(ids.spanId());
        assertThat(json.containsKey("subject")).as("no entity is in play").isFalse();
    }

    @Test
    void carriesTheOrderIdOnceTheWorkConcernsAnOrder() {
        RequestContext.begin("req-43", null);
        RequestContext.subject("7d0f3c1e-0000-4000-8000-000000000001");

        JsonObject json = Json.createReader(new StringReader(
                new JsonLogFormatter().format(new LogRecord(Level.INFO, "placed")))).readObject();

        assertThat(json.getString("subject")).isEqualTo("7d0f3c1e-0000-4000-8000-000000000001");
        assertThat(json.getString("requestId")).isEqualTo("req-43");
    }

    @Test
    void includesTheErrorAndItsStackForPeopleNotForClients() {
        LogRecord record = new LogRecord(Level.SEVERE, "boom");
        record.setThrown(new IllegalStateException("broken\u0001thing"));

        JsonObject json = Json.createReader(new StringReader(new JsonLogFormatter().format(record))).readObject();

        assertThat(json.getString("level")).isEqualTo("ERROR");
        assertThat(json.getString("error")).contains("IllegalStateException").contains("broken\u0001thing");
        assertThat(json.getString("stack")).contains("JsonLogFormatterTest");
    }

    @Test
    void aMapParameterBecomesTypedFields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("status", 503);
        fields.put("upstream", "catalog");
        fields.put("aborted", true);
        LogRecord record = new LogRecord(Level.INFO, "GET /api/products 503");
        record.setParameters(new Object[] {fields});

        JsonObject json = Json.createReader(new StringReader(new JsonLogFormatter("gateway").format(record))).readObject();

        assertThat(json.getString("service")).isEqualTo("gateway");
        assertThat(json.getInt("status")).isEqualTo(503);
        assertThat(json.getString("upstream")).isEqualTo("catalog");
        assertThat(json.getBoolean("aborted")).isTrue();
        assertThat(json).doesNotContainKey("requestId");
    }

    @Test
    void levelsAreNamedAsLogToolingKnowsThem() {
        Level custom = new Level("NOTICE", 850) { };
        java.util.function.Function<Level, String> levelOf = level -> Json.createReader(new StringReader(
                new JsonLogFormatter().format(new LogRecord(level, "m")))).readObject().getString("level");

        assertThat(levelOf.apply(Level.SEVERE)).isEqualTo("ERROR");
        assertThat(levelOf.apply(Level.WARNING)).isEqualTo("WARN");
        assertThat(levelOf.apply(custom)).as("between INFO and WARNING").isEqualTo("INFO");
        assertThat(levelOf.apply(Level.CONFIG)).isEqualTo("DEBUG");
        assertThat(levelOf.apply(Level.FINEST)).isEqualTo("TRACE");
    }

    @Test
    void aHandlerFormattingLaterGivesTheCallersIdsAndThread() {
        var ids = new RequestContext.Ids("req-9", "a".repeat(32), "b".repeat(16), "01", "order-9");

        JsonObject json = Json.createReader(new StringReader(
                new JsonLogFormatter().format(new LogRecord(Level.INFO, "later"), ids, "caller-thread"))).readObject();

        assertThat(json.getString("requestId")).isEqualTo("req-9");
        assertThat(json.getString("subject")).isEqualTo("order-9");
        assertThat(json.getString("thread")).isEqualTo("caller-thread");
    }
}
