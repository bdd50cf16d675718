package dev.mosaic.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import dev.mosaic.platform.messaging.CloudEvent;

/** A small real-HTTP client for tests: every call goes over a socket to the service under test. */
public final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;
    private final Map<String, String> defaults;

    public Http(String base) {
        this(base, Map.of());
    }

    private Http(String base, Map<String, String> defaults) {
        this.base = base;
        this.defaults = defaults;
    }

    /** The same client, sending {@code name: value} on every request (e.g. an identity header). */
    public Http with(String name, String value) {
        Map<String, String> headers = new java.util.LinkedHashMap<>(defaults);
        headers.put(name, value);
        return new Http(base, Map.copyOf(headers));
    }

    public static Http on(int port) {
        return new Http("http://127.0.0.1:" + port);
    }

    /**
     * Delivers {@code event} to {@code POST /events} as Knative Eventing does for a record of {@code topic}: binary
     * mode, every attribute and extension in a {@code ce-} header, the data as the body, and the token of that
     * topic's sender ({@link TestTokens#eventSender}).
     */
    public HttpResponse<String> push(CloudEvent event, String topic) {
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        // As Knative Eventing's KafkaSource for that topic: its own workload identity in Authorization.
        headers.put("Authorization", TestTokens.eventSender(topic));
        headers.put("ce-specversion", CloudEvent.SPEC_VERSION);
        headers.put("ce-id", event.id());
        headers.put("ce-source", event.source());
        headers.put("ce-type", event.type());
        if (event.subject() != null) {
            headers.put("ce-subject", event.subject());
        }
        if (event.time() != null) {
            headers.put("ce-time", event.time().toString());
        }
        event.extensions().forEach((name, value) -> headers.put("ce-" + name, value));
        String contentType = event.dataContentType() != null ? event.dataContentType() : "application/json";
        return send("POST", "/events", contentType, event.dataAsString(), headers);
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), Map.of());
    }

    public HttpResponse<String> send(String method, String path, String contentType, String body) {
        return send(method, path, contentType, body, Map.of());
    }

    public HttpResponse<String> send(String method, String path, String contentType, String body,
                                     Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b, headers);
    }

    public HttpResponse<String> send(HttpRequest.Builder request, Map<String, String> headers) {
        defaults.forEach((name, value) -> {
            if (!headers.containsKey(name)) {
                request.header(name, value);
            }
        });
        headers.forEach(request::header);
        try {
            return CLIENT.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
