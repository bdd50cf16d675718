package dev.mosaic.drill.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mosaic.drill.OrderBook;
import dev.mosaic.drill.ShopClient;
import dev.mosaic.drill.TokenSource;
import jakarta.json.Json;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class OpenLoopTest {

    @Test
    void serverLatencyIsCreatedAtToUpdatedAt() {
        var view = Json.createObjectBuilder().add("createdAt", "2026-12-04T23:40:00.100Z")
                .add("updatedAt", "2026-12-04T23:40:00.245500Z").build();
        assertThat(OpenLoop.serverMicros(view)).hasValue(145_500);
    }

    @Test
    void aViewWithoutTimestampsHasNoServerLatency() {
        assertThat(OpenLoop.serverMicros(Json.createObjectBuilder().add("status", "CONFIRMED").build())).isEmpty();
        assertThat(OpenLoop.serverMicros(Json.createObjectBuilder().add("createdAt", "yesterday")
                .add("updatedAt", "today").build())).isEmpty();
    }

    /**
     * A refused read (503 with Retry-After) is not followed by another 50 ms later: the follower comes back when the
     * gateway said to, as a client that does not add to the overload that made the gateway refuse.
     */
    @Test
    @Timeout(20)
    void aFollowerRefusedWithRetryAfterComesBackNoSooner() throws Exception {
        List<Long> reads = new CopyOnWriteArrayList<>();
        AtomicInteger refused = new AtomicInteger();
        HttpServer gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        gateway.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        gateway.createContext("/api/orders", exchange -> {
            if (exchange.getRequestMethod().equals("POST")) {
                respond(exchange, 202, null, "{\"id\":\"o-1\",\"status\":\"PENDING\"}");
                return;
            }
            reads.add(System.nanoTime());
            if (refused.getAndIncrement() < 2) {
                respond(exchange, 503, "1", "{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503}");
            } else {
                respond(exchange, 200, null, "{\"id\":\"o-1\",\"status\":\"CONFIRMED\","
                        + "\"createdAt\":\"2026-12-05T10:00:00Z\",\"updatedAt\":\"2026-12-05T10:00:00.100Z\"}");
            }
        });
        gateway.start();
        try {
            String base = "http://127.0.0.1:" + gateway.getAddress().getPort();
            ShopClient shop = new ShopClient(base, new TokenSource() {
                @Override
                public String customer(String customerId) {
                    return "token-of-" + customerId;
                }

                @Override
                public String admin() {
                    return "admin-token";
                }
            }, Duration.ofSeconds(5));
            OpenLoop loop = new OpenLoop(shop, new OrderBook(), List.of("sku-1"), List.of("customer-1"),
                                         Duration.ofMillis(50), true, Duration.ofSeconds(15), base + "/orders");

            // One order (1/s for one second), followed to its end.
            OpenLoop.Counts counts = loop.offer(1, Duration.ZERO, Duration.ofSeconds(1), () -> { }, () -> { }, "test");
            assertThat(loop.awaitFollowed(Duration.ofSeconds(15))).isTrue();

            assertThat(counts.placed).hasValue(1);
            assertThat(reads).hasSize(3);
            assertThat(Duration.ofNanos(reads.get(1) - reads.get(0))).as("after the first 503")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(950));
            assertThat(Duration.ofNanos(reads.get(2) - reads.get(1))).as("after the second 503")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(950));
        } finally {
            gateway.stop(0);
        }
    }

    private static void respond(HttpExchange exchange, int status, String retryAfter, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
        if (retryAfter != null) {
            exchange.getResponseHeaders().set("Retry-After", retryAfter);
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
