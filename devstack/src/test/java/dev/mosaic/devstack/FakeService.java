package dev.mosaic.devstack;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for a service or the gateway, launched by the orchestrator exactly like the real jars
 * ({@code -Dserver.port=... -jar}). It serves {@code /health/ready}; as a service it answers
 * {@code /api/products}; as the gateway (it has {@code -Dmosaic.upstream.catalog}) it forwards that call and
 * answers 503 when catalog is unreachable. A file {@code fake-mode} in its working directory (or
 * {@code -Dfake.mode}) makes it misbehave: {@code crash} exits at once, {@code never-ready} answers 503 on
 * {@code /health/ready}. It is always live ({@code /health/live}), as a JVM that answers at all is.
 */
public final class FakeService {

    private FakeService() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        String name = System.getProperty("mosaic.process", "fake");
        int port = Integer.getInteger("server.port", 8080);
        Path modeFile = Path.of("fake-mode");
        String mode = System.getProperty("fake.mode",
                Files.exists(modeFile) ? Files.readString(modeFile).trim() : "normal");
        if (mode.equals("crash")) {
            System.out.println("fake " + name + ": cannot open the database (pretend), exiting");
            System.exit(1);
        }
        String upstream = System.getProperty("mosaic.upstream.catalog");
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

        HttpServer server = HttpServer.create(new InetSocketAddress(System.getProperty("server.host", "127.0.0.1"), port), 0);
        server.createContext("/health/live", exchange -> respond(exchange, 200, "{\"status\":\"UP\"}"));
        server.createContext("/health/ready", exchange -> {
            boolean ready = !mode.equals("never-ready");
            respond(exchange, ready ? 200 : 503, "{\"status\":\"" + (ready ? "UP" : "DOWN") + "\"}");
        });
        server.createContext("/api/products", exchange -> {
            if (upstream == null) {
                respond(exchange, 200, "{\"items\":[],\"page\":0,\"size\":20,\"total\":0}");
                return;
            }
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(upstream + "/api/products"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                respond(exchange, response.statusCode(), response.body());
            } catch (IOException e) {
                respond(exchange, 503, "{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503}");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                respond(exchange, 503, "{}");
            }
        });
        server.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("fake " + name + ": stopping");
            server.stop(0);
            stopped.countDown();
        }));
        System.out.println("fake " + name + ": listening on " + port + " (db " + System.getProperty("mosaic.db.url")
                + ", kafka " + System.getProperty("mosaic.kafka.bootstrap") + ")");
        stopped.await();
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
