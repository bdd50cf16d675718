package dev.mosaic.testing;

import java.io.StringReader;
import java.net.http.HttpResponse;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import static org.assertj.core.api.Assertions.assertThat;

/** What every service must serve besides its API: the three health probes, metrics and its OpenAPI document. */
public final class Operability {

    private Operability() {
    }

    /**
     * Asserts ready (with its database and Kafka checks), live and started are UP, {@code /metrics} is Prometheus
     * text, and {@code /openapi} documents each of {@code apiPaths}.
     */
    public static void assertOperable(Http http, String... apiPaths) {
        HttpResponse<String> ready = http.get("/health/ready");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        JsonObject health = Json.createReader(new StringReader(ready.body())).readObject();
        assertThat(health.getString("status")).isEqualTo("UP");
        assertThat(health.getJsonArray("checks").stream().map(c -> c.asJsonObject().getString("name")))
                .contains("database", "kafka");
        assertThat(http.get("/health/live").statusCode()).isEqualTo(200);
        assertThat(http.get("/health/started").statusCode()).isEqualTo(200);
        HttpResponse<String> metrics = http.get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("# TYPE");
        HttpResponse<String> openapi = http.get("/openapi");
        assertThat(openapi.statusCode()).isEqualTo(200);
        assertThat(openapi.body()).contains(apiPaths);
    }
}
