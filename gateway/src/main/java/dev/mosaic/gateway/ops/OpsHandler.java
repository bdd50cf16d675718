package dev.mosaic.gateway.ops;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import java.util.regex.Pattern;

import dev.mosaic.gateway.Access;
import dev.mosaic.gateway.Correlation;
import dev.mosaic.gateway.Problems;
import dev.mosaic.gateway.upstream.FanOut;
import dev.mosaic.gateway.upstream.UpstreamGuard;
import dev.mosaic.gateway.upstream.UpstreamJson;
import dev.mosaic.platform.auth.Caller;
import dev.mosaic.platform.core.Problem;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * The data behind the operations page, for admins only (the edge checks the token: {@link OpsFeature#ACCESS}):
 * <ul>
 *   <li>{@code GET /ops/api/status}: per service, its {@code /health/ready} answer, the gateway's breaker state and
 *       requests in flight towards it, and its dead letters ({@code GET /admin/dead-letters?status=DEAD}); every
 *       service is asked in parallel, and one that does not answer in time is DOWN while the rest still shows;</li>
 *   <li>{@code GET /ops/api/orders}: the newest orders with their saga timeline, from orders' {@code /admin/orders};</li>
 *   <li>{@code POST /ops/api/dead-letters/{service}/{id}/redrive}: relayed to that service's redrive, its answer
 *       relayed back as it is.</li>
 * </ul>
 * The caller's admin token travels on to the services, which verify it again.
 */
final class OpsHandler {

    static final String STATUS_PATH = "/ops/api/status";
    static final String ORDERS_PATH = "/ops/api/orders";
    static final String REDRIVE_PATH = "/ops/api/dead-letters/{service}/{id}/redrive";
    /** Dead letters listed per service; the count covers up to the services' own page limit. */
    static final int DEAD_LETTERS_SHOWN = 20;
    private static final int DEAD_LETTERS_COUNTED = 1000;
    private static final Pattern DEAD_LETTER_ID = Pattern.compile("[0-9]{1,18}");
    private static final Logger LOGGER = Logger.getLogger(OpsHandler.class.getName());

    private final Map<String, URI> upstreams;
    private final Map<String, UpstreamGuard> guards;
    private final UpstreamJson client;
    private final Duration timeout;
    private final int ordersShown;
    private final FanOut fanOut;

    /**
     * @param upstreams   every configured service by name, in the order the page lists them
     * @param guards      the proxy's breaker and bulkhead per routed upstream
     * @param timeout     how long each service may take to answer one of these calls
     * @param ordersShown how many of the newest orders the page shows
     */
    OpsHandler(Map<String, URI> upstreams, Map<String, UpstreamGuard> guards, UpstreamJson client, Duration timeout,
               int ordersShown) {
        this.upstreams = upstreams;
        this.guards = guards;
        this.client = client;
        this.timeout = timeout;
        this.ordersShown = ordersShown;
        this.fanOut = new FanOut(timeout);
    }

    void status(ServerRequest req, ServerResponse res) {
        if (!admitted(req, res)) {
            return;
        }
        List<Header> headers = forwardedHeaders(req);
        FanOut.Batch batch = fanOut.batch();
        Map<String, FanOut.Call> health = new LinkedHashMap<>();
        Map<String, FanOut.Call> deadLetters = new LinkedHashMap<>();
        upstreams.forEach((name, base) -> {
            health.put(name, batch.call(() -> client.get(resolve(base, "/health/ready"), headers, timeout)));
            deadLetters.put(name, batch.call(() -> client.get(
                    resolve(base, "/admin/dead-letters?status=DEAD&limit=" + DEAD_LETTERS_COUNTED), headers, timeout)));
        });
        JsonArrayBuilder services = UpstreamJson.JSON.createArrayBuilder();
        upstreams.forEach((name, base) -> services.add(UpstreamJson.JSON.createObjectBuilder()
                .add("name", name)
                .add("url", base.toString())
                .add("health", health(name, health.get(name).await()))
                .add("breaker", breaker(guards.get(name)))
                .add("deadLetters", deadLetters(name, deadLetters.get(name).await()))));
        sendJson(res, Status.OK_200, UpstreamJson.JSON.createObjectBuilder()
                .add("checkedAt", Instant.now().toString())
                .add("services", services)
                .build());
    }

    void orders(ServerRequest req, ServerResponse res) {
        if (!admitted(req, res)) {
            return;
        }
        String path = req.path().rawPath();
        URI base = upstreams.get("orders");
        if (base == null) {
            Problems.upstreamUnavailable(res, "orders", "has no URL configured (mosaic.upstream.orders)", path);
            return;
        }
        FanOut.Outcome outcome = fanOut.batch().call(() -> client.get(
                resolve(base, "/admin/orders?limit=" + ordersShown), forwardedHeaders(req), timeout)).await();
        if (outcome.answer() != null && outcome.answer().ok() && outcome.answer().body() instanceof JsonArray orders) {
            sendJson(res, Status.OK_200, UpstreamJson.JSON.createObjectBuilder().add("orders", orders).build());
        } else if (outcome.answer() != null && outcome.answer().status() >= 400 && outcome.answer().status() < 500) {
            relay(res, outcome.answer(), "orders", path);
        } else {
            Problems.upstreamUnavailable(res, "orders", outcome.why(), path);
        }
    }

    void redrive(ServerRequest req, ServerResponse res) {
        if (!admitted(req, res)) {
            return;
        }
        String path = req.path().rawPath();
        String service = req.path().pathParameters().get("service");
        String id = req.path().pathParameters().get("id");
        URI base = upstreams.get(service);
        if (base == null || !DEAD_LETTER_ID.matcher(id).matches()) {
            Problems.send(res, Status.NOT_FOUND_404, "not-found", "Not found", base == null
                    ? "No service is named '" + service + "'; the names are " + String.join(", ", upstreams.keySet()) + "."
                    : "Dead letter ids are numbers.", path);
            return;
        }
        String who = req.context().get(Caller.class, Caller.class).map(Caller::subject).orElseThrow();
        FanOut.Outcome outcome = fanOut.batch().call(() -> client.post(
                resolve(base, "/admin/dead-letters/" + id + "/redrive"), forwardedHeaders(req), timeout)).await();
        if (outcome.answer() == null || outcome.answer().status() >= 500) {
            LOGGER.warning("Redrive of dead letter " + id + " at " + service + " by " + who + " failed: " + service
                           + " " + outcome.why());
            Problems.upstreamUnavailable(res, service, outcome.why(), path);
            return;
        }
        LOGGER.info("Dead letter " + id + " at " + service + " redriven by " + who + ": " + service + " answered "
                    + outcome.answer().status());
        relay(res, outcome.answer(), service, path);
    }

    /**
     * The edge admits only admins here ({@link OpsFeature#ACCESS}) and leaves the verified caller in the context;
     * checked again so that a path the edge did not recognise as this one can never serve these data.
     */
    private static boolean admitted(ServerRequest req, ServerResponse res) {
        Caller caller = req.context().get(Caller.class, Caller.class).orElse(null);
        if (Access.ADMIN.admits(caller)) {
            return true;
        }
        if (caller == null) {
            Problems.unauthorized(res, "", req.path().rawPath());
        } else {
            Problems.forbidden(res, "The operations data need the 'admin' role, which the token does not grant.",
                               req.path().rawPath());
        }
        return false;
    }

    private static JsonObject health(String name, FanOut.Outcome outcome) {
        JsonObjectBuilder health = UpstreamJson.JSON.createObjectBuilder();
        UpstreamJson.Answer answer = outcome.answer();
        if (answer == null) {
            return health.add("status", "DOWN").add("error", name + " " + outcome.why()).build();
        }
        JsonObject body = answer.body() instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
        String status = body.get("status") instanceof JsonString s ? s.getString() : answer.ok() ? "UP" : "DOWN";
        health.add("status", status);
        if (body.get("checks") instanceof JsonArray checks) {
            health.add("checks", checks);
        }
        if (!answer.ok() && !(body.get("checks") instanceof JsonArray)) {
            health.add("error", name + " answered " + answer.status());
        }
        return health.build();
    }

    /** The gateway's guard of the upstream; null for a service it never calls (no route and not in a composed view). */
    private static JsonValue breaker(UpstreamGuard guard) {
        if (guard == null) {
            return JsonValue.NULL;
        }
        return UpstreamJson.JSON.createObjectBuilder()
                .add("state", guard.state().name())
                .add("inFlight", guard.inFlight())
                .build();
    }

    private static JsonObject deadLetters(String name, FanOut.Outcome outcome) {
        JsonObjectBuilder view = UpstreamJson.JSON.createObjectBuilder();
        if (outcome.answer() == null || !outcome.answer().ok() || !(outcome.answer().body() instanceof JsonArray all)) {
            return view.add("error", name + " " + outcome.why()).build();
        }
        JsonArrayBuilder recent = UpstreamJson.JSON.createArrayBuilder();
        // The services list oldest first; the newest are the ones worth a look.
        for (JsonValue entry : all.subList(Math.max(0, all.size() - DEAD_LETTERS_SHOWN), all.size()).reversed()) {
            if (entry instanceof JsonObject letter) {
                JsonObjectBuilder shown = UpstreamJson.JSON.createObjectBuilder();
                for (String field : List.of("id", "topic", "eventType", "subject", "error", "attempts", "failedAt")) {
                    shown.add(field, letter.getOrDefault(field, JsonValue.NULL));
                }
                recent.add(shown);
            }
        }
        return view.add("count", all.size())
                .add("capped", all.size() >= DEAD_LETTERS_COUNTED)
                .add("recent", recent)
                .build();
    }

    /** A service's 4xx/2xx answer as it is, problems keeping their type, with the public path as instance. */
    private static void relay(ServerResponse res, UpstreamJson.Answer answer, String service, String path) {
        Status status = Status.create(answer.status());
        if (answer.body() instanceof JsonObject problem && problem.containsKey("type") && answer.status() >= 400) {
            res.status(status);
            res.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE));
            res.send(UpstreamJson.write(UpstreamJson.JSON.createObjectBuilder(problem).add("instance", path).build()));
        } else if (answer.status() >= 400 || answer.body() == null) {
            Problems.send(res, status, answer.status() >= 400 ? "upstream-rejected" : "upstream-empty",
                          status.reasonPhrase(), service + " answered " + answer.status() + ".", path);
        } else {
            sendJson(res, status, answer.body());
        }
    }

    private static void sendJson(ServerResponse res, Status status, JsonValue body) {
        res.status(status);
        res.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, "application/json"));
        // Live state, and for admins only: no cache may keep it.
        res.header(HeaderValues.create(HeaderNames.CACHE_CONTROL, "no-store"));
        res.send(UpstreamJson.write(body));
    }

    /** Correlation ids, and the admin's token for the services to verify again. */
    private static List<Header> forwardedHeaders(ServerRequest req) {
        List<Header> headers = new ArrayList<>(Correlation.of(req).headers());
        if (req.headers().contains(HeaderNames.AUTHORIZATION)) {
            headers.add(req.headers().get(HeaderNames.AUTHORIZATION));
        }
        return headers;
    }

    private static URI resolve(URI base, String pathAndQuery) {
        String b = base.toString();
        return URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + pathAndQuery);
    }
}
