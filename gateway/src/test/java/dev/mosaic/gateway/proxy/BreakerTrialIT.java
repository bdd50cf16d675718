package dev.mosaic.gateway.proxy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.mosaic.gateway.FakeService;
import dev.mosaic.gateway.Gateway;
import dev.mosaic.gateway.TestGateways;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static dev.mosaic.gateway.PrometheusText.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A half-open breaker closes only on a real answer of its upstream. The trial request it lets through may end without
 * one, for a reason of the caller's (its body too large, or the caller gone mid-body): the breaker then stays half-open
 * and the next request is the trial, so an upstream still down is not flooded again.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BreakerTrialIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private static final String UNAVAILABLE = "{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503}";

    private FakeService payments;
    private WebServer gateway;

    @BeforeEach
    void start() throws IOException {
        payments = new FakeService("payments").answer("/payments/1", 503, UNAVAILABLE);
        gateway = TestGateways.start("""
                server: {port: 0, host: 127.0.0.1}
                mosaic:
                  upstream: {payments: %s}
                  gateway:
                    metrics: {port: 0}
                    max-body-bytes: 1024
                    circuit-breaker: {failures: 3, open-for: 300ms}
                    routes:
                      - {prefix: /api/payments, upstream: payments, access: public}
                """.formatted(payments.url()));
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.stop();
        }
        payments.close();
    }

    @Test
    void aTrialWhoseBodyIsTooLargeLeavesTheBreakerHalfOpen() throws Exception {
        openUntilHalfOpen();

        HttpResponse<String> tooLarge = HTTP.send(HttpRequest.newBuilder(uri("/api/payments/1"))
                .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                // A stream: sent chunked, so only the proxy's count of the bytes finds it too large.
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[4096])))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(breaker("half_open")).as("no answer of payments' came").isEqualTo(1.0);
        theNextRequestIsTheTrialAndItsFailureOpensTheBreaker();
    }

    @Test
    void aTrialWhoseCallerLeftMidBodyLeavesTheBreakerHalfOpen() throws Exception {
        openUntilHalfOpen();

        try (Socket caller = new Socket(InetAddress.getLoopbackAddress(), gateway.port())) {
            OutputStream out = caller.getOutputStream();
            out.write(("POST /api/payments/1 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n5\r\n{\"a\":\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await().atMost(Duration.ofSeconds(5)).until(() -> inFlight() == 1.0);
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> inFlight() == 0.0);
        assertThat(breaker("half_open")).as("no answer of payments' came").isEqualTo(1.0);
        theNextRequestIsTheTrialAndItsFailureOpensTheBreaker();
    }

    /** Three 503s of payments' open the breaker; 300 ms later it lets a trial through. */
    private void openUntilHalfOpen() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(get("/api/payments/1").statusCode()).isEqualTo(503);
        }
        assertThat(breaker("open")).isEqualTo(1.0);
        await().atMost(Duration.ofSeconds(5)).until(() -> breaker("half_open") == 1.0);
    }

    private void theNextRequestIsTheTrialAndItsFailureOpensTheBreaker() throws Exception {
        int reached = payments.received().size();

        assertThat(get("/api/payments/1").statusCode()).isEqualTo(503);

        assertThat(payments.received()).as("the trial reached payments").hasSize(reached + 1);
        assertThat(breaker("open")).as("one failed trial is enough, where a closed breaker needs three in a row")
                .isEqualTo(1.0);
    }

    private double breaker(String state) throws Exception {
        return value(metrics(), "mosaic_gateway_circuit_breaker_state", "upstream=\"payments\"",
                     "state=\"" + state + "\"");
    }

    private double inFlight() throws Exception {
        return value(metrics(), "mosaic_gateway_upstream_in_flight", "upstream=\"payments\"");
    }

    private String metrics() throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port(Gateway.METRICS)
                                                           + "/metrics")).timeout(Duration.ofSeconds(5)).build(),
                         HttpResponse.BodyHandlers.ofString()).body();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).GET().build(),
                         HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + gateway.port() + path);
    }
}
