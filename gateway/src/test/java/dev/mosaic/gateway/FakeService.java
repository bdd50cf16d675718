package dev.mosaic.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A service on a random port that answers canned JSON by path (query ignored) and records what reached it;
 * {@link #close()} stops it, so the next call finds the port closed as with a killed process.
 * Paths without an answer get a 404 problem, as the services answer an unknown id.
 */
public final class FakeService implements AutoCloseable {

    private record Canned(int status, String contentType, String body, Duration delay) {
    }

    private final String name;
    private final HttpServer server;
    private final Map<String, Canned> answers = new ConcurrentHashMap<>();
    private final List<FakeUpstream.Received> received = new CopyOnWriteArrayList<>();

    public FakeService(String name) throws IOException {
        this.name = name;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public FakeService answer(String path, int status, String json) {
        String type = status >= 400 ? "application/problem+json" : "application/json";
        answers.put(path, new Canned(status, type, json, Duration.ZERO));
        return this;
    }

    /** Answers {@code path} only after {@code delay}, as a service stuck on its database would. */
    public FakeService answerAfter(String path, Duration delay, String json) {
        answers.put(path, new Canned(200, "application/json", json, delay));
        return this;
    }

    /** Every request that reached this service so far, oldest first. */
    public List<FakeUpstream.Received> received() {
        return List.copyOf(received);
    }

    public FakeUpstream.Received lastTo(String path) {
        return received.reversed().stream().filter(r -> r.uri().getPath().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("No request reached " + name + " at " + path + "; it got " + received));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            Map<String, List<String>> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((header, values) -> headers.put(header.toLowerCase(), List.copyOf(values)));
            received.add(new FakeUpstream.Received(exchange.getRequestMethod(), exchange.getRequestURI(), headers, body));

            String path = exchange.getRequestURI().getPath();
            Canned canned = answers.getOrDefault(path, new Canned(404, "application/problem+json",
                    "{\"type\":\"https://mosaic.dev/problems/not-found\",\"title\":\"Not found\",\"status\":404,"
                            + "\"detail\":\"" + name + " has nothing at " + path + "\",\"instance\":\"" + path + "\"}",
                    Duration.ZERO));
            if (canned.delay().isPositive()) {
                try {
                    Thread.sleep(canned.delay());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            byte[] answer = canned.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", canned.contentType());
            exchange.sendResponseHeaders(canned.status(), answer.length);
            exchange.getResponseBody().write(answer);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
