package dev.mosaic.gateway;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static dev.mosaic.gateway.PrometheusText.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The gateway's /metrics, read over HTTP as Prometheus reads it, on the metrics listener only. A request is counted
 * once its answer is sent, so the scrapes wait (with a deadline) for what the requests before them left.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GatewayMetricsIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private FakeUpstream catalog;
    private WebServer gateway;

    @BeforeEach
    void start() throws IOException {
        catalog = new FakeUpstream(Duration.ofSeconds(5));
        gateway = TestGateways.start("""
                server: {port: 0, host: 127.0.0.1}
                mosaic:
                  upstream: {catalog: %s, payments: http://127.0.0.1:%d}
                  gateway:
                    metrics: {port: 0}
                    rate-limit: {capacity: 3, per-second: 0.001}
                    circuit-breaker: {failures: 1, open-for: 60s}
                    routes:
                      - {prefix: /api/products, upstream: catalog, access: public}
                      - {prefix: /api/payments, upstream: payments, access: public}
                """.formatted(catalog.url(), TestGateways.portWithNothingListening()));
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.stop();
        }
        catalog.close();
    }

    @Test
    void aProxiedRequestCountsOnItsRouteAndItsUpstream() throws Exception {
        assertThat(get(gateway.port(), "/api/products?q=tea").statusCode()).isEqualTo(200);

        String metrics = scrapeOnce("mosaic_http_server_requests_seconds_count", 1.0,
                                    "method=\"GET\"", "route=\"/api/products\"", "status=\"200\"");
        assertThat(value(metrics, "mosaic_http_server_requests_seconds_bucket",
                         "route=\"/api/products\"", "status=\"200\"", "le=\"0.5\"")).isEqualTo(1.0);
        assertThat(value(metrics, "mosaic_gateway_upstream_requests_seconds_count",
                         "upstream=\"catalog\"", "outcome=\"2xx\"")).isEqualTo(1.0);
        assertThat(value(metrics, "mosaic_gateway_circuit_breaker_state", "upstream=\"catalog\"", "state=\"closed\""))
                .isEqualTo(1.0);
    }

    @Test
    void aRateLimitRefusalIsCounted() throws Exception {
        int refused = 0;
        for (int i = 0; i < 5; i++) {
            if (get(gateway.port(), "/api/products").statusCode() == 429) {
                refused++;
            }
        }

        assertThat(refused).isEqualTo(2);
        String metrics = scrapeOnce("mosaic_http_server_requests_seconds_count", 2.0,
                                    "route=\"/api/products\"", "status=\"429\"");
        assertThat(value(metrics, "mosaic_gateway_rate_limited_total", "route=\"/api/products\"")).isEqualTo(2.0);
    }

    @Test
    void anOpenBreakerShowsAndItsRefusalsCount() throws Exception {
        assertThat(get(gateway.port(), "/api/payments/1").statusCode()).as("refused connection").isEqualTo(503);
        assertThat(get(gateway.port(), "/api/payments/1").statusCode()).as("breaker open").isEqualTo(503);

        String metrics = scrapeOnce("mosaic_http_server_requests_seconds_count", 2.0,
                                    "route=\"/api/payments\"", "status=\"503\"");
        assertThat(value(metrics, "mosaic_gateway_circuit_breaker_state", "upstream=\"payments\"", "state=\"open\""))
                .isEqualTo(1.0);
        assertThat(value(metrics, "mosaic_gateway_circuit_breaker_state", "upstream=\"payments\"", "state=\"closed\""))
                .isEqualTo(0.0);
        assertThat(value(metrics, "mosaic_gateway_upstream_refused_total", "upstream=\"payments\"",
                         "reason=\"circuit_breaker\"")).isEqualTo(1.0);
        assertThat(value(metrics, "mosaic_gateway_upstream_requests_seconds_count", "upstream=\"payments\"",
                         "outcome=\"error\"")).as("the first attempt and its one retry").isEqualTo(2.0);
    }

    @Test
    void metricsAreNotServedOnThePublicListener() throws Exception {
        HttpResponse<String> metrics = get(gateway.port(), "/metrics");

        assertThat(metrics.statusCode()).isEqualTo(404);
        assertThat(metrics.body()).doesNotContain("mosaic_");
        assertThat(get(gateway.port(METRICS_SOCKET), "/api/products").statusCode())
                .as("and the metrics listener proxies nothing").isEqualTo(404);
    }

    @Test
    void aMetricsPortInUseStopsTheStartNamingTheKey() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> TestGateways.start("""
                    server: {port: 0, host: 127.0.0.1}
                    mosaic:
                      upstream: {catalog: %s}
                      gateway:
                        metrics: {port: %d}
                        routes:
                          - {prefix: /api/products, upstream: catalog, access: public}
                    """.formatted(catalog.url(), taken.getLocalPort())))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("mosaic.gateway.metrics.port");
        }
    }

    private static final String METRICS_SOCKET = Gateway.METRICS;

    /** Scrapes until the sample of {@code name} with {@code labels} reads {@code expected}, for at most 5 s. */
    private String scrapeOnce(String name, double expected, String... labels) {
        return await().atMost(Duration.ofSeconds(5)).ignoreExceptions()
                .until(this::scrape, metrics -> value(metrics, name, labels) == expected);
    }

    private String scrape() throws Exception {
        HttpResponse<String> metrics = get(gateway.port(METRICS_SOCKET), "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        return metrics.body();
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                 .timeout(Duration.ofSeconds(5)).GET().build(),
                         HttpResponse.BodyHandlers.ofString());
    }
}
