package dev.mosaic.platform.web;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.helidon.microprofile.server.ServerCdiExtension;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import org.junit.jupiter.api.extension.ExtendWith;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Correlation ids arrive with a request, leave with every REST client call it makes, and come back on the answer. */
@ExtendWith(WebTestKeys.class)
@HelidonTest
class CorrelationIT {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    @Test
    void requestIdAndTraceTravelOnOutboundRestClientCalls() throws Exception {
        HttpResponse<String> response = get("/relay", "req-relay-1", "00-" + TRACE + "-00f067aa0ba902b7-01");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonObject seen = Json.createReader(new StringReader(response.body())).readObject();
        assertThat(seen.getString("requestId")).isEqualTo("req-relay-1");
        assertThat(seen.getString("traceparent")).startsWith("00-" + TRACE + "-").doesNotContain("00f067aa0ba902b7");
        assertThat(response.headers().firstValue("X-Request-Id")).hasValue("req-relay-1");
        assertThat(response.headers().firstValue("traceparent")).hasValueSatisfying(t -> assertThat(t).contains(TRACE));
    }

    @Test
    void idsAreCreatedWhenTheCallerSendsNone() throws Exception {
        HttpResponse<String> response = get("/relay", null, null);

        JsonObject seen = Json.createReader(new StringReader(response.body())).readObject();
        assertThat(seen.getString("requestId")).isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
        assertThat(seen.getString("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
    }

    private static HttpResponse<String> get(String path, String requestId, String traceparent) throws Exception {
        int port = CDI.current().getBeanManager().getExtension(ServerCdiExtension.class).port();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Authorization", WebTestKeys.customer("web-1"));
        if (requestId != null) {
            request.header("X-Request-Id", requestId);
        }
        if (traceparent != null) {
            request.header("traceparent", traceparent);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
