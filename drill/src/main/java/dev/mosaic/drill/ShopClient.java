package dev.mosaic.drill;

import java.io.IOException;
import java.io.StringReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;

/**
 * HTTP on loopback for the drill: calls through the gateway as a customer, with that customer's bearer token, and
 * admin or inspection calls straight to a service's own port with an admin token.
 */
public final class ShopClient {

    /**
     * A status and body; {@code status} is 0 when no answer came, {@code failure} then says why. {@code etag} is the
     * answer's entity tag, if it had one; {@code retryAfter} its {@code Retry-After} in seconds, if it had one.
     */
    public record Answer(int status, String body, String failure, String etag, Duration retryAfter) {
        public Answer(int status, String body, String failure) {
            this(status, body, failure, null, null);
        }

        public boolean is(int expected) {
            return status == expected;
        }

        public JsonObject json() {
            return (JsonObject) parse(body);
        }

        public JsonStructure jsonStructure() {
            return parse(body);
        }

        /** A short kind for the report: the status code, {@code timeout}, {@code refused} or the exception name. */
        public String kind() {
            return failure != null ? failure : Integer.toString(status);
        }
    }

    private static final String ADMIN = "\u0000admin";

    private final String gateway;
    private final TokenSource tokens;
    /** Tokens live an hour; the drill asks for each one once, not on every call (each is an RSA signature). */
    private final Map<String, String> issued = new ConcurrentHashMap<>();
    private final Duration timeout;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();

    /**
     * @param gateway base URL of the gateway, e.g. {@code http://127.0.0.1:8080}
     * @param tokens  bearer tokens for customers and for admin calls
     * @param timeout how long one call may take before it counts as failed
     */
    public ShopClient(String gateway, TokenSource tokens, Duration timeout) {
        this.gateway = gateway;
        this.tokens = tokens;
        this.timeout = timeout;
    }

    /** A call through the gateway as {@code customer}; {@code path} starts with {@code /api/}. */
    public Answer asCustomer(String customer, String method, String path, String json, Map<String, String> headers) {
        return asCustomerAt(customer, method, gateway + path, json, headers);
    }

    /** A call as {@code customer} to any URL, e.g. a service's own port, which checks the customer's token itself. */
    public Answer asCustomerAt(String customer, String method, String url, String json, Map<String, String> headers) {
        HttpRequest.Builder request = request(method, url, json);
        request.header("Authorization", "Bearer " + issued.computeIfAbsent(customer, tokens::customer));
        headers.forEach(request::header);
        return send(request);
    }

    /** Gets {@code customer}'s token now, so the first call as that customer does not pay for its signature. */
    public void signIn(String customer) {
        issued.computeIfAbsent(customer, tokens::customer);
    }

    /** A call to a service's own port (admin and inspection endpoints the gateway does not route), as admin. */
    public Answer direct(String method, String url, String json) {
        HttpRequest.Builder request = request(method, url, json);
        request.header("Authorization", "Bearer " + issued.computeIfAbsent(ADMIN, a -> tokens.admin()));
        return send(request);
    }

    /** The first {@code count} skus of the catalog, as {@code customer} sees them through the gateway. */
    public List<String> skus(String customer, int count) {
        Answer answer = asCustomer(customer, "GET", "/api/products?size=" + count, null, Map.of());
        if (!answer.is(200)) {
            throw new IllegalStateException("GET /api/products answered " + answer.kind() + " " + answer.body());
        }
        List<String> skus = answer.json().getJsonArray("items").stream()
                .map(item -> item.asJsonObject().getString("sku")).toList();
        if (skus.isEmpty()) {
            throw new IllegalStateException("the catalog has no products to order");
        }
        return skus;
    }

    private HttpRequest.Builder request(String method, String url, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return request;
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), null, response.headers().firstValue("ETag").orElse(null),
                              response.headers().firstValue("Retry-After").flatMap(ShopClient::seconds).orElse(null));
        } catch (HttpTimeoutException e) {
            return new Answer(0, "", "timeout");
        } catch (ConnectException e) {
            return new Answer(0, "", "refused");
        } catch (IOException e) {
            return new Answer(0, "", e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, "", "interrupted");
        }
    }

    static JsonStructure parse(String body) {
        try (var reader = Json.createReader(new StringReader(body))) {
            return reader.read();
        }
    }

    /** A {@code Retry-After} in delta-seconds (the form the gateway and the services send); empty for a date or junk. */
    private static Optional<Duration> seconds(String retryAfter) {
        String value = retryAfter.strip();
        if (value.isEmpty() || value.length() > 6 || !value.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
    }
}
