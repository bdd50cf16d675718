package dev.mosaic.gateway.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

import dev.mosaic.gateway.proxy.Route;
import dev.mosaic.gateway.proxy.Routes;
import dev.mosaic.gateway.upstream.FanOut;
import dev.mosaic.gateway.upstream.UpstreamJson;
import io.helidon.http.Header;
import jakarta.json.JsonObject;

/**
 * Asks every routed service for its OpenAPI document, in parallel, and merges the answers with the gateway's own
 * operations into the public API's document. Keeps the result briefly: documents change only with a deployment,
 * and a burst of page loads must not become a burst of calls to every service.
 */
final class OpenApiAggregator {

    /** The gateway's own operations (the composed views), already at their public paths. */
    static final String OWN_DOCUMENT = "openapi/gateway.json";
    // A document missing a service is kept only briefly, so the service reappears soon after it is back.
    private static final Duration DEGRADED_TTL = Duration.ofSeconds(5);
    private static final Logger LOGGER = Logger.getLogger(OpenApiAggregator.class.getName());

    private final Routes routes;
    private final UpstreamJson client;
    private final Duration timeout;
    private final Duration ttl;
    private final LongSupplier nanoTime;
    private final JsonObject ownDocument;
    private final FanOut fanOut;
    // A lock, not synchronized: a virtual thread blocked on I/O inside synchronized pins its carrier on Java 21.
    private final ReentrantLock refreshing = new ReentrantLock();
    private volatile Cached cached;

    private record Cached(JsonObject document, long expiresAt) {
    }

    /**
     * @param timeout how long each service may take to hand over its document
     * @param ttl     how long a complete merged document is served before the services are asked again
     */
    OpenApiAggregator(Routes routes, UpstreamJson client, Duration timeout, Duration ttl, LongSupplier nanoTime) {
        this.routes = routes;
        this.client = client;
        this.timeout = timeout;
        this.ttl = ttl;
        this.nanoTime = nanoTime;
        this.ownDocument = readOwnDocument();
        this.fanOut = new FanOut(timeout);
    }

    /** The merged document, without {@code servers} (the handler adds the address the caller used). */
    JsonObject document(List<Header> headers) {
        Cached current = cached;
        if (current != null && nanoTime.getAsLong() - current.expiresAt() < 0) {
            return current.document();
        }
        refreshing.lock();
        try {
            current = cached;
            if (current != null && nanoTime.getAsLong() - current.expiresAt() < 0) {
                return current.document();
            }
            JsonObject merged = fetchAndMerge(headers);
            boolean complete = merged.getJsonArray(OpenApiMerger.UNAVAILABLE).isEmpty();
            Duration keep = complete || ttl.compareTo(DEGRADED_TTL) < 0 ? ttl : DEGRADED_TTL;
            cached = new Cached(merged, nanoTime.getAsLong() + keep.toNanos());
            return merged;
        } finally {
            refreshing.unlock();
        }
    }

    private JsonObject fetchAndMerge(List<Header> headers) {
        // One document per upstream, even when several routes lead to it.
        Map<String, URI> upstreams = new TreeMap<>();
        routes.all().forEach(route -> upstreams.putIfAbsent(route.upstream(), route.baseUri()));
        Map<String, Callable<UpstreamJson.Answer>> calls = new LinkedHashMap<>();
        upstreams.forEach((name, base) -> calls.put(
                name, () -> client.get(URI.create(base.toString().replaceFirst("/$", "") + "/openapi"), headers, timeout)));

        List<OpenApiMerger.Source> sources = new ArrayList<>();
        sources.add(new OpenApiMerger.Source("gateway", ownDocument, Optional::of));
        Map<String, String> unavailable = new LinkedHashMap<>();
        fanOut.all(calls).forEach((service, outcome) -> {
            UpstreamJson.Answer answer = outcome.answer();
            if (answer == null) {
                unavailable.put(service, outcome.failure());
            } else if (answer.ok() && answer.body() instanceof JsonObject doc && doc.containsKey("paths")) {
                sources.add(new OpenApiMerger.Source(service, doc, path -> publicPath(routes, service, path)));
            } else {
                unavailable.put(service, answer.ok() ? "answered something that is not an OpenAPI document"
                        : "answered " + answer.status());
            }
        });
        if (!unavailable.isEmpty()) {
            LOGGER.warning("OpenAPI document is missing services: " + unavailable);
        }
        return OpenApiMerger.merge(sources, unavailable);
    }

    /**
     * Where a caller reaches an upstream's own path through the gateway: the path behind one of the upstream's routes
     * whose prefix wins for it, or empty when none does (admin and event endpoints, which stay internal).
     */
    static Optional<String> publicPath(Routes routes, String upstream, String servicePath) {
        for (Route route : routes.all()) {
            if (route.upstream().equals(upstream)) {
                String candidate = route.stripPrefix() + servicePath;
                if (routes.match(candidate).filter(route::equals).isPresent()) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    private static JsonObject readOwnDocument() {
        try (InputStream in = OpenApiAggregator.class.getClassLoader().getResourceAsStream(OWN_DOCUMENT)) {
            if (in == null) {
                throw new IllegalStateException(OWN_DOCUMENT + " is missing from the gateway's classpath");
            }
            try (var reader = UpstreamJson.JSON.createReader(in)) {
                return reader.readObject();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
