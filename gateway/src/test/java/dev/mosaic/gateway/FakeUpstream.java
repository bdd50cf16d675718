package dev.mosaic.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP upstream on a random port that records what reached it.
 * {@code /products/slow} answers only after {@code slowDelay}; everything else answers at once:
 * GET with a small JSON body, other methods echo the request body and Content-Type with 201.
 */
public final class FakeUpstream implements AutoCloseable {

    /** What the upstream received; header names lower-cased. */
    public record Received(String method, URI uri, Map<String, List<String>> headers, byte[] body) {
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase());
            return values == null ? null : String.join(",", values);
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final Duration slowDelay;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final CountDownLatch slowArrived = new CountDownLatch(1);

    public FakeUpstream(Duration slowDelay) throws IOException {
        this.slowDelay = slowDelay;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // One virtual thread per exchange, so a slow answer never holds up another request.
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next request that reached this upstream, waiting at most 5 s. */
    public Received next() throws InterruptedException {
        Received next = received.poll(5, TimeUnit.SECONDS);
        if (next == null) {
            throw new AssertionError("No request reached the fake upstream within 5 s");
        }
        return next;
    }

    /** How many requests reached this upstream and were not yet taken with {@link #next()}. */
    public int received() {
        return received.size();
    }

    /** Drops what earlier tests left, so each test sees only its own requests. */
    public void forget() {
        received.clear();
    }

    public boolean awaitSlowRequest() throws InterruptedException {
        return slowArrived.await(5, TimeUnit.SECONDS);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            Map<String, List<String>> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), List.copyOf(values)));
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI(), headers, body));

            if (exchange.getRequestURI().getPath().equals("/products/slow")) {
                slowArrived.countDown();
                sleep(slowDelay);
            }
            // Hop-by-hop headers an upstream may send; the gateway must not pass them on.
            exchange.getResponseHeaders().add("Proxy-Authenticate", "Basic realm=upstream");
            exchange.getResponseHeaders().add("X-Upstream", "fake");
            if (exchange.getRequestMethod().equals("GET")) {
                byte[] answer = "{\"items\":[],\"page\":0,\"size\":20,\"total\":0}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
            } else {
                String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
                if (contentType != null) {
                    exchange.getResponseHeaders().add("Content-Type", contentType);
                }
                exchange.sendResponseHeaders(201, body.length == 0 ? -1 : body.length);
                exchange.getResponseBody().write(body);
            }
        }
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
