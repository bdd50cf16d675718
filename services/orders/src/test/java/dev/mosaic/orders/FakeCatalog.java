package dev.mosaic.orders;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/** A real HTTP server answering catalog's {@code GET /products/{sku}} from a price list; 404 for the rest. */
final class FakeCatalog {

    final Map<String, Long> prices = new ConcurrentHashMap<>();
    final AtomicInteger calls = new AtomicInteger();
    volatile boolean down;
    private final HttpServer server;

    FakeCatalog() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/products/", exchange -> {
            calls.incrementAndGet();
            String sku = exchange.getRequestURI().getPath().substring("/products/".length());
            Long price = prices.get(sku);
            int status = down ? 503 : price == null ? 404 : 200;
            byte[] body = (status == 200
                    ? "{\"sku\":\"" + sku + "\",\"name\":\"n\",\"price\":{\"amount\":" + price + ",\"currency\":\"EUR\"}}"
                    : "{\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }
}
