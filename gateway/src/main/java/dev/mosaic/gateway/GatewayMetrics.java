package dev.mosaic.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.mosaic.gateway.proxy.Route;
import dev.mosaic.gateway.proxy.Routes;
import dev.mosaic.gateway.upstream.UpstreamGuard;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.FunctionalCounter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * The gateway's meters (served at {@code /metrics} on the metrics listener): requests per
 * route, upstream latency, breaker state, requests in flight, bulkhead, breaker and rate-limit refusals. Names follow
 * the services' (observability/README.md): {@code mosaic_http_server_requests_seconds{method,route,status}} is the
 * same histogram a service exports, with the route prefix as its route.
 */
public final class GatewayMetrics {

    /** The services' request histogram; Prometheus shows it as {@code mosaic_http_server_requests_seconds}. */
    static final String REQUESTS = "mosaic.http.server.requests";
    static final String UPSTREAM = "mosaic.gateway.upstream.requests";
    static final String REFUSED = "mosaic.gateway.upstream.refused";
    static final String RATE_LIMITED = "mosaic.gateway.rate.limited";
    static final String BREAKER = "mosaic.gateway.circuit.breaker.state";
    static final String IN_FLIGHT = "mosaic.gateway.upstream.in.flight";

    // The services' buckets (platform-web), so one latency SLO query fits the gateway and every service.
    private static final Duration[] BUCKETS = {
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofSeconds(60)};
    // A method outside these is "other": a label value per invented method would let a caller grow the series.
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private final MeterRegistry registry;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    /**
     * Takes over the registry's gateway meters: a gauge reads the guards it was registered with, so those of a
     * gateway started before in this JVM (tests start several) are removed first, with the counts they held.
     */
    GatewayMetrics(MeterRegistry registry, Map<String, UpstreamGuard> guards, Routes routes) {
        this.registry = registry;
        Set<String> names = Set.of(REQUESTS, UPSTREAM, REFUSED, RATE_LIMITED, BREAKER, IN_FLIGHT);
        registry.meters(meter -> names.contains(meter.id().name())).forEach(registry::remove);
        guards.values().forEach(this::watch);
        // At 0 from the start, so an alert or panel on refusals has a series before the first one.
        routes.all().forEach(route -> rateLimitedCounter(route.prefix()));
    }

    MeterRegistry registry() {
        return registry;
    }

    /** Times every request whose path a route matches, by method, route prefix and status (also when refused). */
    Filter requests(Routes routes) {
        return new Filter() {
            @Override
            public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
                long started = System.nanoTime();
                try {
                    chain.proceed();
                } finally {
                    Optional<Route> route = routes.match(req.path().rawPath());
                    if (route.isPresent()) {
                        request(req.prologue().method().text(), route.get().prefix(), res.status().code(),
                                System.nanoTime() - started);
                    }
                }
            }
        };
    }

    void request(String method, String route, int status, long nanos) {
        String verb = METHODS.contains(method) ? method : "other";
        String key = verb + ' ' + route + ' ' + status;
        timers.computeIfAbsent(key, k -> registry.getOrCreate(
                Timer.builder(REQUESTS)
                        .description("Requests answered, by HTTP method, route and status code")
                        .tags(List.of(Tag.create("method", verb), Tag.create("route", route),
                                      Tag.create("status", Integer.toString(status))))
                        .buckets(BUCKETS)))
                .record(Duration.ofNanos(nanos));
    }

    /**
     * One attempt at an upstream, until its status line and headers arrived: {@code outcome} is the status class
     * ({@code 2xx} ... {@code 5xx}) or {@code error} when none came.
     */
    public void upstream(String upstream, String outcome, long nanos) {
        timers.computeIfAbsent("upstream " + upstream + ' ' + outcome, k -> registry.getOrCreate(
                Timer.builder(UPSTREAM)
                        .description("Calls to upstreams until their answer's headers, by upstream and outcome")
                        .tags(List.of(Tag.create("upstream", upstream), Tag.create("outcome", outcome)))
                        .buckets(BUCKETS)))
                .record(Duration.ofNanos(nanos));
    }

    public static String outcome(int status) {
        return status / 100 + "xx";
    }

    /** A request the rate limit refused (429), by the route or own path it was for. */
    public void rateLimited(String route) {
        rateLimitedCounter(route).increment();
    }

    private Counter rateLimitedCounter(String route) {
        return counters.computeIfAbsent(route, r -> registry.getOrCreate(
                Counter.builder(RATE_LIMITED)
                        .description("Requests refused by the per-client rate limit (429)")
                        .tags(List.of(Tag.create("route", r)))));
    }

    private void watch(UpstreamGuard guard) {
        List<Tag> upstream = List.of(Tag.create("upstream", guard.upstream()));
        for (UpstreamGuard.State state : UpstreamGuard.State.values()) {
            // One series per state, 1 for the current one: "is it open" is then a plain comparison in PromQL.
            registry.getOrCreate(Gauge.builder(BREAKER, guard, g -> g.state() == state ? 1.0 : 0.0)
                                         .description("Circuit breaker per upstream: 1 for its current state")
                                         .tags(List.of(upstream.getFirst(),
                                                       Tag.create("state", state.name().toLowerCase(Locale.ROOT)))));
        }
        registry.getOrCreate(Gauge.builder(IN_FLIGHT, guard, g -> (double) g.inFlight())
                                     .description("Requests in flight to the upstream (its bulkhead's taken slots)")
                                     .tags(upstream));
        registry.getOrCreate(FunctionalCounter.builder(REFUSED, guard, UpstreamGuard::refusedByBulkhead)
                                     .description("Requests not sent to the upstream, by reason")
                                     .tags(List.of(upstream.getFirst(), Tag.create("reason", "bulkhead"))));
        registry.getOrCreate(FunctionalCounter.builder(REFUSED, guard, UpstreamGuard::refusedByBreaker)
                                     .description("Requests not sent to the upstream, by reason")
                                     .tags(List.of(upstream.getFirst(), Tag.create("reason", "circuit_breaker"))));
    }
}
