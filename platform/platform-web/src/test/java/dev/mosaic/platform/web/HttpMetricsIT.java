package dev.mosaic.platform.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.helidon.microprofile.server.ServerCdiExtension;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import org.junit.jupiter.api.extension.ExtendWith;
import jakarta.enterprise.inject.spi.CDI;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every answered request is counted and timed on /metrics under its route template and status code. */
@ExtendWith(WebTestKeys.class)
@HelidonTest
class HttpMetricsIT {

    @Test
    void requestsAreTimedPerRouteTemplateAndStatus() throws Exception {
        get("/echo");
        get("/echo");
        get("/items/42");
        get("/items/missing");
        HttpResponse<String> refused = get("/echo", "Bearer forged");

        assertThat(refused.statusCode()).isEqualTo(401);
        String metrics = get("/metrics").body();

        assertThat(metrics).contains("# TYPE mosaic_http_server_requests_seconds histogram");
        assertThat(sample(metrics, "mosaic_http_server_requests_seconds_count{method=\"GET\",", "route=\"/echo\"", "status=\"200\""))
                .isGreaterThanOrEqualTo(2.0);
        // One series per template, not per id; the 404 the resource answers is an error of that route.
        assertThat(sample(metrics, "mosaic_http_server_requests_seconds_count{method=\"GET\",", "route=\"/items/{id}\"", "status=\"200\""))
                .isEqualTo(1.0);
        assertThat(sample(metrics, "mosaic_http_server_requests_seconds_count{method=\"GET\",", "route=\"/items/{id}\"", "status=\"404\""))
                .isEqualTo(1.0);
        assertThat(metrics).doesNotContain("route=\"/items/42\"");
        // A refusal by a filter after the route matched counts for that route too.
        assertThat(sample(metrics, "mosaic_http_server_requests_seconds_count{method=\"GET\",", "route=\"/echo\"", "status=\"401\""))
                .isEqualTo(1.0);
        assertThat(metrics).contains("mosaic_http_server_requests_seconds_bucket{method=\"GET\",mp_scope=\"application\","
                + "route=\"/echo\",status=\"200\",le=\"0.5\",}");
        // Scrapes and probes are the server's own routes, not API traffic.
        assertThat(metrics.lines().filter(l -> l.startsWith("mosaic_http_server_requests_seconds_count")))
                .allSatisfy(l -> assertThat(l).containsAnyOf("route=\"/echo\"", "route=\"/items/{id}\""));
    }

    @Test
    void routeJoinsClassAndMethodPathsWithoutDoubleSlashes() throws Exception {
        assertThat(HttpMetricsFilter.route(FakeEchoResource.class, FakeEchoResource.class.getMethod("item", String.class)))
                .isEqualTo("/items/{id}");
    }

    private static double sample(String metrics, String prefix, String... labels) {
        return metrics.lines().filter(l -> l.startsWith(prefix))
                .filter(l -> java.util.Arrays.stream(labels).allMatch(l::contains))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst().orElse(-1);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return get(path, WebTestKeys.customer("web-1"));
    }

    private static HttpResponse<String> get(String path, String authorization) throws Exception {
        int port = CDI.current().getBeanManager().getExtension(ServerCdiExtension.class).port();
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", authorization).build(), HttpResponse.BodyHandlers.ofString());
    }
}
