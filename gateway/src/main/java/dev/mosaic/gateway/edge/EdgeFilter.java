package dev.mosaic.gateway.edge;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.mosaic.gateway.Access;
import dev.mosaic.gateway.GatewayConfig;
import dev.mosaic.gateway.GatewayMetrics;
import dev.mosaic.gateway.Problems;
import dev.mosaic.gateway.proxy.Route;
import dev.mosaic.gateway.proxy.Routes;
import dev.mosaic.platform.auth.Caller;
import dev.mosaic.platform.auth.InvalidTokenException;
import dev.mosaic.platform.auth.KeysUnavailableException;
import dev.mosaic.platform.auth.TokenVerifier;
import io.helidon.config.Config;
import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * The checks every request meets before it is routed: security headers, CORS, body size, authentication, the
 * per-client rate limit and the route's access rule. A request that fails one is answered here with a problem and
 * never reaches an upstream. The verified {@link Caller} is left in the request context for the handlers.
 */
public final class EdgeFilter implements Filter {

    private static final Logger LOGGER = Logger.getLogger(EdgeFilter.class.getName());
    private static final HeaderName ACCESS_CONTROL_REQUEST_METHOD = HeaderNames.create("Access-Control-Request-Method");
    private static final String ALLOWED_METHODS = "GET, HEAD, POST, PUT, DELETE, OPTIONS";
    private static final String ALLOWED_HEADERS = "Authorization, Content-Type, Idempotency-Key, X-Request-Id, traceparent";
    private static final String EXPOSED_HEADERS = "Location, Retry-After, X-Request-Id";

    private final Routes routes;
    private final Optional<TokenVerifier> verifier;
    private final Optional<RateLimiter> rateLimiter;
    private final long maxBodyBytes;
    private final List<String> corsOrigins;
    private final Map<String, Access> ownPaths;
    private final TrustedProxies trustedProxies;
    private final GatewayMetrics metrics;

    /**
     * @param ownPaths access rules for the gateway's own answers that expose data (path prefix to rule, matched as
     *                 route prefixes are); they meet the same checks as routes
     * @param trustedProxies peers whose X-Forwarded-For names the client an anonymous caller is rate-limited as
     * @param metrics        counts the rate limit's refusals
     */
    EdgeFilter(Routes routes, Optional<TokenVerifier> verifier, Optional<RateLimiter> rateLimiter, long maxBodyBytes,
               List<String> corsOrigins, Map<String, Access> ownPaths, TrustedProxies trustedProxies,
               GatewayMetrics metrics) {
        this.trustedProxies = trustedProxies;
        this.metrics = metrics;
        this.routes = routes;
        this.ownPaths = Map.copyOf(ownPaths);
        this.verifier = verifier;
        this.rateLimiter = rateLimiter;
        this.maxBodyBytes = maxBodyBytes;
        this.corsOrigins = List.copyOf(corsOrigins);
    }

    /**
     * Reads {@code cors.origins}, {@code rate-limit.*} and {@code trusted-proxies} of {@code gateway}
     * ({@code mosaic.gateway}); the other parameters are the constructor's.
     */
    public static EdgeFilter create(Config gateway, Routes routes, Optional<TokenVerifier> verifier, long maxBodyBytes,
                             Map<String, Access> ownPaths, GatewayMetrics metrics) {
        return new EdgeFilter(routes, verifier, rateLimiter(gateway), maxBodyBytes,
                              gateway.get("cors.origins").asList(String.class).orElse(List.of()),
                              ownPaths, trustedProxies(gateway), metrics);
    }

    /** {@code mosaic.gateway.trusted-proxies}: whose X-Forwarded-For the rate limit believes. */
    private static TrustedProxies trustedProxies(Config gateway) {
        List<String> entries = GatewayConfig.list(gateway.get("trusted-proxies"));
        TrustedProxies trusted = TrustedProxies.parse(entries);
        if (!trusted.isEmpty()) {
            LOGGER.info("Anonymous callers are rate-limited by the X-Forwarded-For address when the peer is one of "
                        + entries.stream().map(String::strip).filter(e -> !e.isEmpty()).toList()
                        + " (mosaic.gateway.trusted-proxies)");
        }
        return trusted;
    }

    private static Optional<RateLimiter> rateLimiter(Config gateway) {
        Config limit = gateway.get("rate-limit");
        if (!limit.get("enabled").asBoolean().orElse(true)) {
            LOGGER.warning("Rate limiting is off (mosaic.gateway.rate-limit.enabled=false)");
            return Optional.empty();
        }
        return Optional.of(new RateLimiter(limit.get("capacity").asInt().orElse(100),
                                           limit.get("per-second").asDouble().orElse(50.0),
                                           limit.get("max-clients").asInt().orElse(100_000),
                                           System::nanoTime));
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        securityHeaders(req, res);
        String path = req.path().rawPath();
        Optional<String> origin = req.headers().first(HeaderNames.ORIGIN);
        boolean corsAllowed = origin.isPresent() && corsOrigins.contains(origin.get());
        if (corsAllowed) {
            res.header(HeaderValues.create(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin.get()));
            res.header(HeaderValues.create(HeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED_HEADERS));
        }
        if (origin.isPresent()) {
            res.header(HeaderValues.create(HeaderNames.VARY, "Origin"));
        }
        if (req.prologue().method() == Method.OPTIONS && req.headers().contains(ACCESS_CONTROL_REQUEST_METHOD)) {
            preflight(res, corsAllowed, path);
            return;
        }
        // Own paths are matched as routing matches them (decoded), so /ops/%61pi is guarded as /ops/api is.
        // Routes are also matched decoded: the gateway's own handlers under a route's prefix (the composed order view)
        // are found by Helidon on the decoded path, so /api/%6frders/x/details is guarded as /api/orders is.
        Optional<Route> route = routes.match(path).or(() -> routes.match(req.path().path()));
        Optional<Map.Entry<String, Access>> own = route.isPresent() ? Optional.empty() : ownAccess(req.path().path());
        Optional<Access> rule = route.map(Route::access).or(() -> own.map(Map.Entry::getValue));
        if (rule.isEmpty()) {
            // Health, the gateway's public pages, or a 404 from the proxy: nothing to guard.
            chain.proceed();
            return;
        }
        if (req.headers().contentLength().orElse(0) > maxBodyBytes) {
            Problems.payloadTooLarge(res, maxBodyBytes, path);
            return;
        }
        Optional<String> token = req.headers().first(HeaderNames.AUTHORIZATION).flatMap(TokenVerifier::bearer);
        Caller caller = null;
        String refusal = "";
        if (token.isPresent()) {
            if (verifier.isEmpty()) {
                refusal = "this gateway has no token verifier configured";
            } else {
                try {
                    caller = verifier.get().verify(token.get());
                } catch (InvalidTokenException e) {
                    refusal = e.getMessage();
                } catch (KeysUnavailableException e) {
                    LOGGER.log(Level.WARNING, "Cannot check a bearer token: " + e.getMessage());
                    Problems.authUnavailable(res, path);
                    return;
                }
            }
        }
        // Limited before the 401: floods of bad tokens spend the sender's own budget, not everyone's.
        if (rateLimiter.isPresent()) {
            Duration wait = rateLimiter.get().acquire(caller != null ? "sub:" + caller.subject() : "ip:" + clientAddress(req));
            if (!wait.isZero()) {
                metrics.rateLimited(route.map(Route::prefix).orElseGet(() -> own.orElseThrow().getKey()));
                Problems.tooManyRequests(res, (wait.toMillis() + 999) / 1000, path);
                return;
            }
        }
        if (!refusal.isEmpty()) {
            Problems.unauthorized(res, refusal, path);
            return;
        }
        Access access = rule.get();
        if (!access.admits(caller)) {
            if (caller == null) {
                Problems.unauthorized(res, "", path);
            } else {
                Problems.forbidden(res, "This call needs the '" + access.name().toLowerCase(java.util.Locale.ROOT)
                        + "' role, which the token does not grant.", path);
            }
            return;
        }
        if (caller != null) {
            req.context().register(Caller.class, caller);
        }
        chain.proceed();
    }

    private Optional<Map.Entry<String, Access>> ownAccess(String path) {
        return ownPaths.entrySet().stream()
                .filter(own -> path.equals(own.getKey()) || path.startsWith(own.getKey() + "/"))
                .findFirst();
    }

    private static void securityHeaders(RoutingRequest req, RoutingResponse res) {
        for (Header header : SECURITY_HEADERS) {
            res.header(header);
        }
        if (req.isSecure()) {
            res.header(HSTS);
        }
    }

    // Made once: every answer carries them.
    private static final List<Header> SECURITY_HEADERS = List.of(
            HeaderValues.createCached(HeaderNames.create("X-Content-Type-Options"), "nosniff"),
            HeaderValues.createCached(HeaderNames.create("X-Frame-Options"), "DENY"),
            HeaderValues.createCached(HeaderNames.create("Referrer-Policy"), "no-referrer"),
            HeaderValues.createCached(HeaderNames.create("Cross-Origin-Resource-Policy"), "same-site"));
    private static final Header HSTS = HeaderValues.createCached(HeaderNames.STRICT_TRANSPORT_SECURITY, "max-age=31536000");

    private static void preflight(RoutingResponse res, boolean allowed, String path) {
        if (!allowed) {
            Problems.forbidden(res, "Cross-origin requests from this origin are not allowed (mosaic.gateway.cors.origins).", path);
            return;
        }
        res.header(HeaderValues.create(HeaderNames.ACCESS_CONTROL_ALLOW_METHODS, ALLOWED_METHODS));
        res.header(HeaderValues.create(HeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS));
        res.header(HeaderValues.create(HeaderNames.ACCESS_CONTROL_MAX_AGE, "600"));
        res.status(Status.NO_CONTENT_204).send();
    }

    /**
     * The anonymous caller's address: behind a trusted proxy (Knative's queue-proxy is every request's peer) the one
     * its X-Forwarded-For vouches for, else the peer's. Keying on a shared proxy address would put everyone in one bucket.
     */
    private String clientAddress(RoutingRequest req) {
        if (req.remotePeer().address() instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return trustedProxies.client(inet.getAddress(), req.headers().all(HeaderNames.X_FORWARDED_FOR, List::of));
        }
        return String.valueOf(req.remotePeer().address());
    }
}
