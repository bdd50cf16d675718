package dev.mosaic.platform.web;

import java.io.StringReader;
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
        assertThat(json.containsKey("orderId")).as("no order is in play").isFalse();
    }

    @Test
    void carriesTheOrderIdOnceTheWorkConcernsAnOrder() {
        RequestContext.begin("req-43", null);
        RequestContext.orderId("7d0f3c1e-0000-4000-8000-000000000001");

        JsonObject json = Json.createReader(new StringReader(
                new JsonLogFormatter().format(new LogRecord(Level.INFO, "placed")))).readObject();

        assertThat(json.getString("orderId")).isEqualTo("7d0f3c1e-0000-4000-8000-000000000001");
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
}
