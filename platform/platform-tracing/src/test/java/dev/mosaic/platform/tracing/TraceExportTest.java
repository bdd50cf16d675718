package dev.mosaic.platform.tracing;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class TraceExportTest {

    private static Properties props(String... pairs) {
        Properties p = new Properties();
        for (int i = 0; i < pairs.length; i += 2) {
            p.setProperty(pairs[i], pairs[i + 1]);
        }
        return p;
    }

    @Test
    void exportIsOnOnlyWithAnEndpointAndNotSwitchedOff() {
        assertThat(TraceExport.configured(Map.of(), props())).isFalse();
        assertThat(TraceExport.configured(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318"), props())).isTrue();
        assertThat(TraceExport.configured(Map.of(), props("otel.exporter.otlp.traces.endpoint", "http://c:4318/v1/traces")))
                .isTrue();
        assertThat(TraceExport.configured(Map.of("OTEL_SDK_DISABLED", "true"),
                                          props("otel.exporter.otlp.endpoint", "http://c:4318"))).isFalse();
        // A system property outranks the environment, as in the SDK itself.
        assertThat(TraceExport.configured(Map.of("OTEL_SDK_DISABLED", "true"),
                                          props("otel.exporter.otlp.endpoint", "http://c:4318", "otel.sdk.disabled", "false")))
                .isTrue();
        assertThat(TraceExport.configured(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "  "), props())).isFalse();
    }

    @Test
    void defaultsGiveWayToWhatIsSet() {
        assertThat(TraceExport.defaults("orders", Map.of(), props()))
                .containsEntry("otel.sdk.disabled", "false")
                .containsEntry("otel.service.name", "orders")
                .containsEntry("otel.exporter.otlp.protocol", "http/protobuf")
                .containsEntry("otel.metrics.exporter", "none")
                .containsEntry("otel.logs.exporter", "none");
        assertThat(TraceExport.defaults("orders", Map.of("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "grpc", "OTEL_SERVICE_NAME", "o2"),
                                        props("otel.logs.exporter", "otlp")))
                .doesNotContainKeys("otel.exporter.otlp.protocol", "otel.service.name", "otel.logs.exporter");
    }

    @Test
    void enablingMicroProfileTelemetryWritesSystemPropertiesOnlyWhenExporting() {
        Properties quiet = props();
        assertThat(TraceExport.enableForMicroProfile(Map.of(), quiet)).isFalse();
        assertThat(quiet).isEmpty();

        Properties exporting = props("otel.exporter.otlp.endpoint", "http://127.0.0.1:4318");
        assertThat(TraceExport.enableForMicroProfile(Map.of(), exporting)).isTrue();
        assertThat(exporting.getProperty("otel.sdk.disabled")).isEqualTo("false");
        assertThat(exporting.getProperty("otel.exporter.otlp.protocol")).isEqualTo("http/protobuf");
    }

    @Test
    void withoutAnEndpointTheApiIsANoOp() {
        OpenTelemetry otel = TraceExport.openTelemetry("gateway", Map.of(), props());
        Span span = otel.getTracer("test").spanBuilder("nothing").startSpan();
        assertThat(span.getSpanContext().isValid()).isFalse();
        span.end();
    }

    @Test
    void spansReachAnOtlpHttpEndpoint() throws IOException, InterruptedException {
        LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
        HttpServer collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        collector.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                         + exchange.getRequestHeaders().getFirst("Content-Type") + " "
                         + new String(body, StandardCharsets.ISO_8859_1));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        OpenTelemetry otel = TraceExport.openTelemetry("gateway", Map.of(), props(
                "otel.exporter.otlp.endpoint", "http://127.0.0.1:" + collector.getAddress().getPort(),
                "otel.bsp.schedule.delay", "50"));
        try {
            Span span = Spans.start(otel.getTracer("test"), "GET /api/products", SpanKind.SERVER,
                                    "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
            assertThat(span.getSpanContext().getTraceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
            span.end();

            String request = received.poll(20, TimeUnit.SECONDS);
            assertThat(request).as("an OTLP export within 20 s").isNotNull()
                    .startsWith("POST /v1/traces application/x-protobuf")
                    .contains("GET /api/products").contains("gateway");
        } finally {
            ((OpenTelemetrySdk) otel).close();
            collector.stop(0);
        }
    }
}
