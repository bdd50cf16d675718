package dev.mosaic.gateway.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.mosaic.gateway.FakeUpstream;
import dev.mosaic.gateway.Gateway;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/** Callers whose request bodies trickle in must not keep an upstream's bulkhead slots from everyone else. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SlowBodyIT {

    private static final int BULKHEAD = 2;
    private static final Duration BODY_READ_TIMEOUT = Duration.ofMillis(700);

    private FakeUpstream catalog;
    private WebServer gateway;
    private final List<Socket> slowCallers = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeEach
    void start() throws IOException {
        catalog = new FakeUpstream(Duration.ofSeconds(5));
        String yaml = """
                server: {port: 0, host: 127.0.0.1}
                mosaic:
                  upstream: {catalog: %s}
                  gateway:
                    body-read-timeout: %dms
                    bulkhead: {max-concurrent: %d}
                    rate-limit: {enabled: false}
                    routes:
                      - {prefix: /api/products, upstream: catalog, access: public}
                """.formatted(catalog.url(), BODY_READ_TIMEOUT.toMillis(), BULKHEAD);
        gateway = Gateway.start(Config.just(ConfigSources.create(yaml, MediaTypes.APPLICATION_YAML)));
    }

    @AfterEach
    void stop() {
        slowCallers.forEach(SlowBodyIT::closeQuietly);
        if (gateway != null) {
            gateway.stop();
        }
        catalog.close();
    }

    @Test
    void moreTricklingBodiesThanTheBulkheadAllowsDoNotLockOthersOut() throws Exception {
        List<CompletableFuture<String>> answers = new ArrayList<>();
        for (int i = 0; i < BULKHEAD + 1; i++) {
            Socket socket = new Socket(InetAddress.getLoopbackAddress(), gateway.port());
            slowCallers.add(socket);
            answers.add(trickle(socket));
        }
        // The first ones are streaming to catalog, so they hold its slots: the bulkhead is full.
        awaitReadiness("closed, " + BULKHEAD + " in flight");

        // Each slow body is cut off once its deadline passes, freeing its slot: a normal call then gets through.
        long deadline = System.nanoTime() + BODY_READ_TIMEOUT.multipliedBy(4).plusSeconds(3).toNanos();
        int status = 0;
        while (System.nanoTime() < deadline && status != 200) {
            status = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/api/products"))
                                       .timeout(Duration.ofSeconds(2)).GET().build(),
                               HttpResponse.BodyHandlers.ofString()).statusCode();
            if (status != 200) {
                assertThat(status).as("refused while the slow bodies still hold the bulkhead").isEqualTo(503);
                Thread.onSpinWait();
            }
        }
        assertThat(status).as("a normal request once the slow bodies' deadline has passed").isEqualTo(200);
        // The slow callers that held a slot were cut off (their connection closed); the one beyond the bulkhead was
        // refused at once.
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        assertThat(answers).extracting(CompletableFuture::join)
                .filteredOn(String::isEmpty).as("connections closed by the deadline").hasSize(BULKHEAD);
        assertThat(answers).extracting(CompletableFuture::join)
                .filteredOn(answer -> !answer.isEmpty()).singleElement().asString().startsWith("HTTP/1.1 503");
    }

    /** Waits until the gateway's readiness details report catalog's guard as {@code expected}. */
    private void awaitReadiness(String expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        String body = "";
        while (System.nanoTime() < deadline && !body.contains("\"catalog\":\"" + expected + "\"")) {
            body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/health/ready")).build(),
                             HttpResponse.BodyHandlers.ofString()).body();
        }
        assertThat(body).contains("\"catalog\":\"" + expected + "\"");
    }

    /**
     * Sends a request line and headers at once, then its declared 1000-byte body one byte per 100 ms, until the
     * gateway closes the connection or answers; completes then with what the gateway sent (empty when it just closed).
     */
    private static CompletableFuture<String> trickle(Socket socket) throws IOException {
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /api/products HTTP/1.1\r\nHost: shop\r\nContent-Type: application/json\r\n"
                   + "Content-Length: 1000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        CompletableFuture<String> ended = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < 999; i++) {
                    out.write(' ');
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (IOException | InterruptedException e) {
                // The gateway closed the connection: what the reader below waits for.
            }
        });
        Thread.ofVirtual().start(() -> {
            StringBuilder answer = new StringBuilder();
            try (InputStream in = socket.getInputStream()) {
                int b;
                // An answer's status line is enough: the gateway may keep reading the body behind an early answer.
                while (answer.indexOf("\r\n") < 0 && (b = in.read()) >= 0) {
                    answer.append((char) b);
                }
            } catch (IOException e) {
                // Closed or reset: the answer so far is all there is.
            }
            ended.complete(answer.toString());
        });
        return ended;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing after the test; nothing to do.
        }
    }
}
