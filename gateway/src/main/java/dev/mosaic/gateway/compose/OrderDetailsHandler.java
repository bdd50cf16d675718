package dev.mosaic.gateway.compose;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

import dev.mosaic.gateway.Correlation;
import dev.mosaic.gateway.Problems;
import dev.mosaic.gateway.proxy.ProxyHandler;
import dev.mosaic.gateway.upstream.FanOut;
import dev.mosaic.gateway.upstream.UpstreamGuard;
import dev.mosaic.gateway.upstream.UpstreamJson;
import dev.mosaic.platform.core.Problem;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * {@code GET /api/orders/{id}/details}: the order, its lines with product names and images from catalog, its payment
 * and its notifications, fetched in parallel. A part that cannot be fetched in time is {@code null} and named in
 * {@code "degraded"}; the rest still answers 200.
 *
 * <p>Orders alone decides whether the caller may see the order: its 404 (unknown, or another customer's) and its
 * other 4xx answers are relayed as they are. When orders itself cannot answer, ownership is unproven, so the payment
 * is withheld too (payments scopes by customer as well; this is caution: nothing of an order is shown while its
 * owner is unproven) and the lines are unknown: {@code order}, {@code items} and
 * {@code payment} are all null and degraded. Notifications are still shown: notifications scopes them to the caller,
 * so filtering them by order id can only show the caller's own.
 */
final class OrderDetailsHandler implements Handler {

    static final String PATH = "/api/orders/{id}/details";
    /** The names of the parts, in the order "degraded" lists them. */
    static final String ORDER = "order";
    static final String ITEMS = "items";
    static final String PAYMENT = "payment";
    static final String NOTIFICATIONS = "notifications";
    /** The upstreams the view is composed from; each call goes through that upstream's {@link UpstreamGuard}. */
    static final List<String> UPSTREAMS = List.of("orders", "catalog", "payments", "notifications");

    // Order ids are UUIDs; anything outside this cannot name an order, and must not be pasted into upstream paths.
    private static final Pattern ORDER_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    // Notifications cannot filter by order: the caller's latest ones are read and filtered here (its maximum page).
    private static final int NOTIFICATIONS_LIMIT = 200;
    // Orders accept at most 50 lines; a bound here keeps one request from fanning out without limit if that changes.
    private static final int MAX_PRODUCTS = 100;
    private static final Logger LOGGER = Logger.getLogger(OrderDetailsHandler.class.getName());

    /** Base URIs of the four upstreams the view is composed from. */
    record Upstreams(URI orders, URI catalog, URI payments, URI notifications) {
    }

    private final Upstreams upstreams;
    private final Map<String, UpstreamGuard> guards;
    private final UpstreamJson client;
    private final Duration timeout;
    private final FanOut fanOut;

    /**
     * @param timeout    each part's budget: a part that has not answered by then is dropped. The order is awaited
     *                   first and the products only once its lines are known, so the worst case is twice this.
     * @param guards     the proxy's bulkhead and circuit breaker per upstream, one for each of {@link #UPSTREAMS}:
     *                   a composed view fans out to up to ~100 calls, which must neither hammer a sick upstream nor
     *                   take more of a healthy one than the proxy may
     */
    OrderDetailsHandler(Upstreams upstreams, Map<String, UpstreamGuard> guards, UpstreamJson client, Duration timeout) {
        this.upstreams = upstreams;
        this.guards = guards;
        this.client = client;
        this.timeout = timeout;
        this.fanOut = new FanOut(timeout);
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        String rawPath = req.path().rawPath();
        String id = req.path().pathParameters().get("id");
        req.context().register(ProxyHandler.UPSTREAM, "orders+catalog+payments+notifications");
        if (!ORDER_ID.matcher(id).matches()) {
            Problems.send(res, Status.NOT_FOUND_404, "not-found", "Not found", "No order has the id given.", rawPath);
            return;
        }
        List<Header> headers = forwardedHeaders(req);
        FanOut.Batch parts = fanOut.batch();
        FanOut.Call order = fetch(parts, "orders", upstreams.orders(), "/orders/" + id, headers);
        FanOut.Call payment = fetch(parts, "payments", upstreams.payments(), "/payments/" + id, headers);
        FanOut.Call notifications = fetch(parts, "notifications", upstreams.notifications(),
                                          "/notifications?limit=" + NOTIFICATIONS_LIMIT, headers);

        Map<String, String> degraded = new LinkedHashMap<>();
        FanOut.Outcome orderPart = order.await();
        if (orderPart.answer() != null && orderPart.answer().status() >= 400 && orderPart.answer().status() < 500) {
            // Not the caller's, unknown, or the caller is not authenticated: nothing else may be shown.
            payment.cancel();
            notifications.cancel();
            relayProblem(res, orderPart.answer(), rawPath);
            return;
        }
        JsonObject orderView = object(orderPart, "orders", degraded, ORDER);

        JsonValue items = JsonValue.NULL;
        JsonValue paymentView = JsonValue.NULL;
        if (orderView == null) {
            payment.cancel();
            degraded.put(ITEMS, "the order's lines are unknown");
            degraded.put(PAYMENT, "withheld: the order's owner could not be established");
        } else {
            items = items(orderView, headers, degraded);
            paymentView = payment(payment.await(), orderView, degraded);
        }
        JsonValue notificationsView = notifications(notifications.await(), id, degraded);

        if (!degraded.isEmpty()) {
            LOGGER.log(Level.WARNING, "Order details of " + id + " are incomplete: " + degraded,
                       new Object[] {Map.of("degraded", String.join(",", degraded.keySet()))});
        }
        JsonArrayBuilder degradedNames = UpstreamJson.JSON.createArrayBuilder();
        for (String part : List.of(ORDER, ITEMS, PAYMENT, NOTIFICATIONS)) {
            if (degraded.containsKey(part)) {
                degradedNames.add(part);
            }
        }
        JsonObject body = UpstreamJson.JSON.createObjectBuilder()
                .add(ORDER, orderView == null ? JsonValue.NULL : orderView)
                .add(ITEMS, items)
                .add(PAYMENT, paymentView)
                .add(NOTIFICATIONS, notificationsView)
                .add("degraded", degradedNames)
                .build();
        res.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, "application/json"));
        // One customer's order: no shared cache may keep it.
        res.header(HeaderValues.create(HeaderNames.CACHE_CONTROL, "no-store"));
        res.send(UpstreamJson.write(body));
    }

    /**
     * The order's lines, each with the product's {@code name} and {@code imageUrl}. When catalog cannot say, the lines
     * are still shown (sku, quantity, price are the order's own data) with null product fields, and "items" is
     * degraded. A product catalog no longer knows (404) is null too, but not degraded: that is an answer.
     */
    private JsonValue items(JsonObject order, List<Header> headers, Map<String, String> degraded) {
        JsonArray lines = order.get("lines") instanceof JsonArray array ? array : JsonValue.EMPTY_JSON_ARRAY;
        LinkedHashSet<String> skus = new LinkedHashSet<>();
        for (JsonValue line : lines) {
            if (line instanceof JsonObject o && o.get("sku") instanceof JsonString sku && skus.size() < MAX_PRODUCTS) {
                skus.add(sku.getString());
            }
        }
        FanOut.Batch lookups = fanOut.batch();
        Map<String, FanOut.Call> requests = new LinkedHashMap<>();
        for (String sku : skus) {
            requests.put(sku, fetch(lookups, "catalog", upstreams.catalog(), "/products/" + pathSegment(sku), headers));
        }
        Map<String, JsonObject> products = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        for (var request : requests.entrySet()) {
            FanOut.Outcome part = request.getValue().await();
            if (part.answer() != null && part.answer().status() == 404) {
                continue;
            }
            JsonObject product = part.answer() != null && part.answer().ok() && part.answer().body() instanceof JsonObject o
                    ? o : null;
            if (product == null) {
                failures.add(request.getKey() + ": " + part.why());
            } else {
                products.put(request.getKey(), product);
            }
        }
        if (!failures.isEmpty()) {
            degraded.put(ITEMS, "catalog " + String.join("; ", failures));
        }
        JsonArrayBuilder items = UpstreamJson.JSON.createArrayBuilder();
        for (JsonValue line : lines) {
            if (!(line instanceof JsonObject o)) {
                continue;
            }
            JsonObject product = o.get("sku") instanceof JsonString sku ? products.get(sku.getString()) : null;
            JsonObjectBuilder item = UpstreamJson.JSON.createObjectBuilder(o);
            item.add("name", product == null ? JsonValue.NULL : product.getOrDefault("name", JsonValue.NULL));
            item.add("imageUrl", product == null ? JsonValue.NULL : product.getOrDefault("imageUrl", JsonValue.NULL));
            items.add(item);
        }
        return items.build();
    }

    /** The payment, once the order proved the caller owns it; none yet (404) is a null payment, not a failure. */
    private static JsonValue payment(FanOut.Outcome part, JsonObject order, Map<String, String> degraded) {
        if (part.answer() != null && part.answer().status() == 404) {
            return JsonValue.NULL;
        }
        JsonObject payment = object(part, "payments", degraded, PAYMENT);
        if (payment == null) {
            return JsonValue.NULL;
        }
        // Payments answers by order id alone; a payment naming another customer means data is crossed somewhere.
        JsonValue owner = order.get("customerId");
        JsonValue payer = payment.get("customerId");
        if (owner != null && payer != null && !owner.equals(payer)) {
            degraded.put(PAYMENT, "payments answered a payment of another customer for this order");
            return JsonValue.NULL;
        }
        return payment;
    }

    private static JsonValue notifications(FanOut.Outcome part, String orderId, Map<String, String> degraded) {
        if (part.answer() != null && part.answer().ok() && part.answer().body() instanceof JsonArray all) {
            JsonArrayBuilder mine = UpstreamJson.JSON.createArrayBuilder();
            for (JsonValue n : all) {
                if (n instanceof JsonObject o && o.get("orderId") instanceof JsonString s && s.getString().equals(orderId)) {
                    mine.add(o);
                }
            }
            return mine.build();
        }
        degraded.put(NOTIFICATIONS, "notifications " + part.why());
        return JsonValue.NULL;
    }

    /** Starts one call in {@code batch} through {@code upstream}'s guard, as the proxy's calls go ({@link FanOut}). */
    private FanOut.Call fetch(FanOut.Batch batch, String upstream, URI base, String pathAndQuery, List<Header> headers) {
        URI uri = URI.create(stripTrailingSlash(base.toString()) + pathAndQuery);
        return batch.call(guards.get(upstream), () -> client.get(uri, headers, timeout));
    }

    /** The answer's JSON object when the upstream answered 2xx with one; else records why under {@code name}. */
    private static JsonObject object(FanOut.Outcome part, String upstream, Map<String, String> degraded, String name) {
        if (part.answer() != null && part.answer().ok() && part.answer().body() instanceof JsonObject o) {
            return o;
        }
        degraded.put(name, upstream + " " + part.why());
        return null;
    }

    /** Relays orders' 4xx problem with the public path as its instance, or a plain one if orders sent none. */
    private static void relayProblem(ServerResponse res, UpstreamJson.Answer answer, String rawPath) {
        Status status = Status.create(answer.status());
        if (answer.body() instanceof JsonObject problem && problem.containsKey("type")) {
            JsonObject relayed = UpstreamJson.JSON.createObjectBuilder(problem).add("instance", rawPath).build();
            res.status(status);
            res.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE));
            res.send(UpstreamJson.write(relayed));
            return;
        }
        String type = answer.status() == 404 ? "not-found" : "upstream-rejected";
        Problems.send(res, status, type, status.reasonPhrase(),
                      "orders answered " + answer.status() + " for this order.", rawPath);
    }

    /**
     * What the services need to know about the caller, as the proxy sends it: the correlation ids, the caller's
     * credentials (services will scope data by its token) and the customer id the gateway established.
     */
    private List<Header> forwardedHeaders(ServerRequest req) {
        Correlation correlation = Correlation.of(req);
        List<Header> headers = new ArrayList<>(correlation.headers());
        if (!correlation.generatedTrace() && req.headers().contains(Correlation.TRACESTATE)) {
            headers.add(req.headers().get(Correlation.TRACESTATE));
        }
        if (req.headers().contains(HeaderNames.AUTHORIZATION)) {
            headers.add(req.headers().get(HeaderNames.AUTHORIZATION));
        }
        String client = clientAddress(req.remotePeer().address());
        headers.add(HeaderValues.create(HeaderNames.X_FORWARDED_FOR,
                                        req.headers().first(HeaderNames.X_FORWARDED_FOR)
                                                .map(prior -> prior + ", " + client).orElse(client)));
        headers.add(HeaderValues.create(HeaderNames.X_FORWARDED_PROTO, req.isSecure() ? "https" : "http"));
        headers.add(HeaderValues.create(HeaderNames.X_FORWARDED_HOST, req.authority()));
        return headers;
    }

    private static String clientAddress(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return String.valueOf(address);
    }

    private static String pathSegment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String stripTrailingSlash(String base) {
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
