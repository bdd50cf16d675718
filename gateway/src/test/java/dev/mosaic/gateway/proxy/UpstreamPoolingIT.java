package dev.mosaic.gateway.proxy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.mosaic.gateway.TestGateways;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Upstream connections are pooled: kept alive and reused across requests, dropped when the upstream closes them while
 * idle (as nginx does after its keepalive_timeout) without the caller noticing, and a request body is never sent twice.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UpstreamPoolingIT {

    private static final Duration UPSTREAM_IDLE_TIMEOUT = Duration.ofMillis(300);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private FakeKeepAliveUpstream upstream;
    private FakeKeepAliveUpstream patient;
    private WebServer gateway;

    @BeforeEach
    void start() throws Exception {
        upstream = new FakeKeepAliveUpstream(UPSTREAM_IDLE_TIMEOUT);
        patient = new FakeKeepAliveUpstream(Duration.ofSeconds(30));
        String yaml = """
                server: {port: 0, host: 127.0.0.1}
                mosaic:
                  upstream: {catalog: %s, orders: %s}
                  gateway:
                    rate-limit: {enabled: false}
                    routes:
                      - {prefix: /api/pool, upstream: catalog, access: public, timeout: 2s}
                      - {prefix: /api/patient, upstream: orders, access: public, timeout: 1s}
                """.formatted(upstream.url(), patient.url());
        gateway = TestGateways.start(yaml);
    }

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.stop();
        }
        upstream.close();
        patient.close();
    }

    @Test
    void sequentialRequestsReuseOnePooledConnection() throws Exception {
        for (int i = 0; i < 20; i++) {
            assertThat(send("GET", "/api/pool/items", null).statusCode()).isEqualTo(200);
        }
        assertThat(send("POST", "/api/pool/items", "{\"n\":1}").statusCode()).isEqualTo(200);

        assertThat(upstream.received()).hasSize(21);
        assertThat(upstream.accepted()).as("connections the upstream accepted for 21 sequential requests").isEqualTo(1);
    }

    @Test
    void aConnectionTheUpstreamClosedWhileIdleIsReplacedWithoutTheCallerNoticing() throws Exception {
        assertThat(send("GET", "/api/pool/items", null).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> upstream.closedIdle() == 1);

        HttpResponse<String> post = send("POST", "/api/pool/orders", "{\"n\":2}");
        assertThat(post.statusCode()).as(post.body()).isEqualTo(200);
        assertThat(post.body()).contains("\"method\":\"POST\"");
        await().atMost(Duration.ofSeconds(5)).until(() -> upstream.closedIdle() == 2);
        HttpResponse<String> get = send("GET", "/api/pool/items", null);
        assertThat(get.statusCode()).as(get.body()).isEqualTo(200);

        assertThat(upstream.received()).extracting(FakeKeepAliveUpstream.Received::method)
                .as("each request reached the upstream exactly once").containsExactly("GET", "POST", "GET");
        assertThat(upstream.accepted()).isEqualTo(3);
    }

    @Test
    void aPostWhoseConnectionDiesBeforeTheAnswerIsNeverSentAgain() throws Exception {
        assertThat(send("GET", "/api/pool/items", null).statusCode()).as("a pooled connection to reuse").isEqualTo(200);

        HttpResponse<String> crashed = send("POST", "/api/pool/crash", "{\"n\":3}");

        assertThat(crashed.statusCode()).isEqualTo(503);
        assertThat(crashed.body()).contains("closed the connection without answering");
        assertThat(upstream.received()).filteredOn(r -> r.path().endsWith("/crash"))
                .as("the POST may have taken effect: it is not replayed").hasSize(1);
    }

    @Test
    void aReusedConnectionGivesTheUpstreamTheRoutesWholeTimeout() throws Exception {
        assertThat(send("GET", "/api/patient/items", null).statusCode()).isEqualTo(200);
        // The connection waits in the pool for a while: the time passing is the scenario, not a synchronisation.
        Thread.sleep(600);

        HttpResponse<String> slow = send("GET", "/api/patient/slow", null);

        assertThat(slow.statusCode()).as("700 ms answer within a 1 s route timeout, 600 ms after the connection's "
                + "previous request: " + slow.body()).isEqualTo(200);
        assertThat(patient.accepted()).as("the pooled connection was reused").isEqualTo(1);
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
