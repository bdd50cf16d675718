package dev.mosaic.platform.web;

import dev.mosaic.platform.core.Problem;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

import io.helidon.microprofile.server.ServerCdiExtension;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.enterprise.inject.spi.CDI;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service works on at most {@code mosaic.web.max-concurrent-requests} requests at once (here 2); one more waits
 * up to {@code mosaic.web.admission-wait-ms} (here 300 ms) and is then refused with a 503 problem that says so and
 * when to come back, so that the database connections the event consumer and the outbox relay need stay free. A
 * long poll waiting for news holds no place.
 */
@ExtendWith(WebTestKeys.class)
@HelidonTest
@AddConfig(key = "mosaic.web.max-concurrent-requests", value = "2")
@AddConfig(key = "mosaic.web.admission-wait-ms", value = "300")
class RequestAdmissionIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeEach
    void closeTheGate() {
        FakeGateResource.close();
    }

    @AfterEach
    void openTheGate() {
        FakeGateResource.open();
    }

    @Test
    void aRequestBeyondTheLimitIsRefusedAfterItsWaitAndNothingIsLeftHeld() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> busy = IntStream.range(0, 2).mapToObj(i -> send("/gate/work")).toList();
        await(() -> FakeGateResource.inside.get() == 2);

        long started = System.nanoTime();
        HttpResponse<String> refused = get("/echo");
        long waitedMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue(Problem.MEDIA_TYPE);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(refused.body()).contains("overloaded").contains("2 requests were in progress").contains("300 ms");
        assertThat(waitedMillis).isGreaterThanOrEqualTo(300);
        assertThat(metric("mosaic_web_requests_refused_total")).isGreaterThanOrEqualTo(1.0);

        FakeGateResource.open();
        for (var answer : busy) {
            assertThat(answer.get().statusCode()).isEqualTo(200);
        }
        // Both places came back: two requests at once are admitted again.
        FakeGateResource.close();
        List<CompletableFuture<HttpResponse<String>>> again = IntStream.range(0, 2).mapToObj(i -> send("/gate/work")).toList();
        await(() -> FakeGateResource.inside.get() == 2);
        FakeGateResource.open();
        for (var answer : again) {
            assertThat(answer.get().statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aRequestThatWaitsInLineIsServedWhenAPlaceFrees() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> busy = IntStream.range(0, 2).mapToObj(i -> send("/gate/work")).toList();
        await(() -> FakeGateResource.inside.get() == 2);

        CompletableFuture<HttpResponse<String>> third = send("/echo");
        await(() -> metricOrZero("mosaic_web_requests_queued") >= 1.0);
        FakeGateResource.open();

        assertThat(third.get().statusCode()).isEqualTo(200);
        for (var answer : busy) {
            assertThat(answer.get().statusCode()).isEqualTo(200);
        }
    }

    @Test
    void longPollsWaitingForNewsHoldNoPlace() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> waiting = IntStream.range(0, 3).mapToObj(i -> send("/gate/news")).toList();
        await(() -> FakeGateResource.inside.get() == 3);

        HttpResponse<String> served = get("/echo");
        assertThat(served.statusCode()).isEqualTo(200);

        FakeGateResource.open();
        for (var answer : waiting) {
            assertThat(answer.get().statusCode()).isEqualTo(200);
            assertThat(answer.get().body()).contains("\"opened\":\"true\"");
        }
    }

    private static void await(BooleanSupplier condition) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(condition::getAsBoolean);
    }

    private static double metric(String name) throws Exception {
        String metrics = get("/metrics").body();
        return metrics.lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(-1);
    }

    private static double metricOrZero(String name) {
        try {
            return metric(name);
        } catch (Exception e) {
            return 0;
        }
    }

    private static CompletableFuture<HttpResponse<String>> send(String path) {
        return HTTP.sendAsync(request(path), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(request(path), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(String path) {
        int port = CDI.current().getBeanManager().getExtension(ServerCdiExtension.class).port();
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", WebTestKeys.customer("web-1")).build();
    }
}
