package dev.mosaic.gateway;

import dev.mosaic.gateway.compose.CompositionFeature;
import dev.mosaic.gateway.edge.CorrelationFilter;
import dev.mosaic.gateway.edge.EdgeFilter;
import dev.mosaic.gateway.edge.GatewayTls;
import dev.mosaic.gateway.edge.TransportErrors;
import dev.mosaic.gateway.ops.OpsFeature;
import dev.mosaic.gateway.proxy.ProxyHandler;
import dev.mosaic.gateway.proxy.Route;
import dev.mosaic.gateway.proxy.Routes;
import dev.mosaic.gateway.storefront.StorefrontFeature;
import dev.mosaic.gateway.upstream.UpstreamGuard;
import dev.mosaic.gateway.upstream.WorkloadCredentials;
import dev.mosaic.platform.tracing.TraceExport;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.logging.Logger;

import dev.mosaic.platform.auth.AuthSettings;
import dev.mosaic.platform.auth.TokenVerifier;
import io.helidon.common.Weighted;
import io.helidon.common.tls.Tls;
import io.helidon.config.Config;
import io.helidon.health.HealthCheck;
import io.helidon.http.DirectHandler;
import io.helidon.metrics.api.Metrics;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpFeature;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;

/**
 * Assembles the gateway: correlation and edge filters (security headers, CORS, limits, authentication), health
 * endpoints, and the proxy behind every other path, on HTTP and, when a keystore is configured, HTTPS.
 */
public final class Gateway {

    private static final Logger LOGGER = Logger.getLogger(Gateway.class.getName());

    private Gateway() {
    }

    /** Starts the gateway; the caller stops it with {@link WebServer#stop()}. */
    public static WebServer start(Config config) {
        Routes routes = Routes.from(config);
        Config gateway = config.get("mosaic.gateway");
        Duration connectTimeout = GatewayConfig.duration(gateway.get("connect-timeout"), Duration.ofSeconds(1));
        long maxBodyBytes = gateway.get("max-body-bytes").asLong().orElse(1024 * 1024L);
        Map<String, UpstreamGuard> guards = guards(routes, CompositionFeature.guardedUpstreams(config), gateway);
        Tracer tracer = tracer();
        // Helidon 4.1 applies no read timeout to a request body (see below); the proxy bounds it, as a body that
        // trickles in holds its upstream's bulkhead slot.
        Duration bodyReadTimeout = GatewayConfig.duration(gateway.get("body-read-timeout"), Duration.ofSeconds(10));
        GatewayMetrics metrics = new GatewayMetrics(Metrics.globalRegistry(), guards, routes);
        ProxyHandler proxy = new ProxyHandler(routes, connectTimeout, guards, maxBodyBytes, bodyReadTimeout, tracer,
                                             WorkloadCredentials.from(config), metrics);
        EdgeFilter edge = EdgeFilter.create(gateway, routes, verifier(config, routes), maxBodyBytes, OpsFeature.ACCESS,
                                            metrics);
        // The gateway's own answers (composed order view, merged OpenAPI, operations page, storefront), above the
        // proxy's catch-all.
        CompositionFeature composition = CompositionFeature.create(config, routes, guards);
        OpsFeature ops = OpsFeature.create(config, guards);
        StorefrontFeature storefront = StorefrontFeature.create(config);
        Consumer<HttpRouting.Builder> filters = routing -> routing
                .addFilter(metrics.requests(routes))
                .addFilter(new CorrelationFilter(tracer))
                .addFilter(edge);
        // A connection with no request under way (idle keep-alive, or stalled before its request line) is closed after
        // this long. Helidon 4.1 applies no read timeout once a request line has arrived (connection-options
        // read-timeout is not set on accepted sockets): slower headers are bounded by the edge in front (the ingress)
        // and cost only a virtual thread each here; bodies the proxy forwards are bounded by body-read-timeout.
        Duration clientTimeout = GatewayConfig.duration(gateway.get("client-timeout"), Duration.ofSeconds(30));

        WebServerConfig.Builder server = WebServer.builder()
                .config(config.get("server"))
                .connectionOptions(options -> options.readTimeout(clientTimeout))
                .idleConnectionTimeout(clientTimeout)
                .idleConnectionPeriod(Duration.ofSeconds(1))
                .directHandlers(Gateway::transportErrors)
                // Hands the reason of a rejected request ("Header size exceeded") to TransportErrors, which picks the
                // status from it; Helidon passes only messages it marks safe for the client.
                .errorHandling(errors -> errors.includeEntity(true))
                // Features are listed here, not discovered from the classpath, so nothing appears unannounced.
                .featuresDiscoverServices(false)
                .addFeature(ObserveFeature.builder()
                                    .observersDiscoverServices(false)
                                    .addObserver(health(routes, guards))
                                    .build())
                // /metrics only on a listener of its own, never on the public one: request rates and upstream names
                // are for the scraper, which reaches the pod's metrics port directly (knative/base/network-policies.yaml).
                .putSocket(METRICS, socket -> socket
                        .host(gateway.get("metrics.host").asString()
                                      .orElse(config.get("server.host").asString().orElse("0.0.0.0")))
                        // application.yaml sets 8090; without it (a gateway embedded in a test) any free port.
                        .port(gateway.get("metrics.port").asInt().orElse(0)))
                .addFeature(ObserveFeature.builder()
                                    .name("observe-metrics")
                                    .sockets(List.of(METRICS))
                                    .observersDiscoverServices(false)
                                    .addObserver(MetricsObserver.builder()
                                                         .endpoint("/metrics")
                                                         .meterRegistry(metrics.registry())
                                                         .build())
                                    .build())
                .routing(routing -> {
                    filters.accept(routing);
                    routing.addFeature(composition).addFeature(ops).addFeature(storefront).addFeature(new CatchAll(proxy));
                });
        Optional<Tls> tls = GatewayTls.from(gateway.get("tls"));
        tls.ifPresent(t -> server
                .putSocket(HTTPS, socket -> socket
                        .host(config.get("server.host").asString().orElse("0.0.0.0"))
                        .port(gateway.get("tls.port").asInt().orElse(8443))
                        .connectionOptions(options -> options.readTimeout(clientTimeout))
                        .idleConnectionTimeout(clientTimeout)
                        .idleConnectionPeriod(Duration.ofSeconds(1))
                        .directHandlers(Gateway::transportErrors)
                        .errorHandling(errors -> errors.includeEntity(true))
                        .tls(t))
                .routing(HTTPS, routing -> {
                    filters.accept(routing);
                    routing.addFeature(composition).addFeature(ops).addFeature(storefront).addFeature(new CatchAll(proxy));
                }));
        WebServer started = server.build().start();
        // Helidon reports a listener it could not bind (a port in use) by stopping them all, with port -1, rather than
        // failing the start.
        if (started.port() < 0 || started.port(METRICS) < 0 || tls.isPresent() && started.port(HTTPS) < 0) {
            started.stop();
            throw new IllegalStateException("Could not open every listener (is a port in use? see the log above): "
                    + "server.port, mosaic.gateway.metrics.port" + (tls.isPresent() ? ", mosaic.gateway.tls.port" : ""));
        }

        routes.all().forEach(route -> LOGGER.info("Route " + route));
        if (tls.isPresent()) {
            LOGGER.info("HTTPS on port " + started.port(HTTPS));
        }
        LOGGER.info("Metrics on port " + started.port(METRICS) + " (/metrics; mosaic.gateway.metrics.port)");
        return started;
    }

    /**
     * The tracer for the gateway's spans: exported over OTLP when an endpoint is configured ({@link TraceExport}),
     * a no-op otherwise. One SDK per process, flushed when the JVM exits.
     */
    private static synchronized Tracer tracer() {
        if (openTelemetry == null) {
            openTelemetry = TraceExport.openTelemetry("gateway", System.getenv(), System.getProperties());
            if (openTelemetry instanceof OpenTelemetrySdk sdk) {
                LOGGER.info("Traces are exported over OTLP to " + TraceExport.endpoint(System.getenv(), System.getProperties())
                            + " (otel.* settings; unset OTEL_EXPORTER_OTLP_ENDPOINT to stop)");
                Runtime.getRuntime().addShutdownHook(new Thread(sdk::close, "otel-flush"));
            }
        }
        return openTelemetry.getTracer("dev.mosaic.gateway");
    }

    private static OpenTelemetry openTelemetry;

    private static void transportErrors(DirectHandlers.Builder handlers) {
        TransportErrors errors = new TransportErrors();
        for (DirectHandler.EventType event : DirectHandler.EventType.values()) {
            handlers.addHandler(event, errors);
        }
    }

    /** Name of the TLS listener. */
    static final String HTTPS = "https";

    /** Name of the listener that serves /metrics. */
    public static final String METRICS = "metrics";

    /**
     * One guard per upstream the gateway calls: those routes lead to, and those the composed answers call, so the
     * proxy and the composition share each upstream's bulkhead and breaker.
     */
    private static Map<String, UpstreamGuard> guards(Routes routes, List<String> composed, Config gateway) {
        int maxConcurrent = gateway.get("bulkhead.max-concurrent").asInt().orElse(64);
        int failures = gateway.get("circuit-breaker.failures").asInt().orElse(5);
        Duration openFor = GatewayConfig.duration(gateway.get("circuit-breaker.open-for"), Duration.ofSeconds(5));
        Map<String, UpstreamGuard> guards = new TreeMap<>();
        Stream.concat(routes.all().stream().map(Route::upstream), composed.stream()).forEach(
                upstream -> guards.computeIfAbsent(
                        upstream, name -> new UpstreamGuard(name, maxConcurrent, failures, openFor, System::nanoTime)));
        return Map.copyOf(guards);
    }

    /**
     * The token verifier from {@code mosaic.auth.*}. A gateway with routes that need a caller and no way to check
     * one would refuse every such request: it refuses to start instead, naming the keys to set.
     */
    private static Optional<TokenVerifier> verifier(Config config, Routes routes) {
        Optional<AuthSettings> settings = AuthSettings.from(key -> config.get(key).asString().asOptional());
        boolean needed = routes.all().stream().anyMatch(route -> route.access() != Access.PUBLIC);
        if (settings.isEmpty()) {
            if (needed) {
                throw new IllegalStateException("Routes need authenticated callers but no token keys are configured: set "
                        + AuthSettings.PREFIX + "jwks-url (or jwks-file or public-key), "
                        + AuthSettings.PREFIX + "issuer and " + AuthSettings.PREFIX + "audience");
            }
            return Optional.empty();
        }
        LOGGER.info("Bearer tokens verified against " + settings.get().keySource() + " for issuer '"
                    + settings.get().issuer() + "', audience '" + settings.get().audience() + "'");
        return Optional.of(TokenVerifier.create(settings.get()));
    }

    /**
     * Probes at /health/{live,ready,started}, answering 200 with a JSON body as MicroProfile Health does.
     * Readiness deliberately ignores upstreams: a gateway pulled from rotation because catalog is down would turn
     * one failure into a total outage, while serving 503 problems for catalog keeps every other route working.
     */
    private static HealthObserver health(Routes routes, Map<String, UpstreamGuard> guards) {
        return HealthObserver.builder()
                .endpoint("/health")
                .details(true)
                .useSystemServices(false)
                .addCheck(check("gateway", HealthCheckType.LIVENESS, HealthCheckResponse.builder().status(true).build()))
                .addCheck(readiness(routes, guards))
                .addCheck(check("gateway", HealthCheckType.STARTUP, HealthCheckResponse.builder().status(true).build()))
                .build();
    }

    /**
     * Registers the proxy for every path, weighted below all other features (observe is 80): routes written
     * directly on the routing would be matched first and swallow /health.
     */
    private record CatchAll(ProxyHandler proxy) implements HttpFeature, Weighted {
        @Override
        public void setup(HttpRouting.Builder routing) {
            routing.any(proxy);
        }

        @Override
        public double weight() {
            return 1;
        }
    }

    /** Always UP, with each upstream's breaker state and requests in flight as details for people and dashboards. */
    private static HealthCheck readiness(Routes routes, Map<String, UpstreamGuard> guards) {
        return new HealthCheck() {
            @Override
            public HealthCheckType type() {
                return HealthCheckType.READINESS;
            }

            @Override
            public String name() {
                return "routes";
            }

            @Override
            public HealthCheckResponse call() {
                HealthCheckResponse.Builder answer = HealthCheckResponse.builder().status(true).detail("routes", routes.all().size());
                guards.forEach((name, guard) -> answer.detail(name, guard.state().name().toLowerCase(java.util.Locale.ROOT)
                        + ", " + guard.inFlight() + " in flight"));
                return answer.build();
            }
        };
    }

    private static HealthCheck check(String name, HealthCheckType type, HealthCheckResponse answer) {
        return new HealthCheck() {
            @Override
            public HealthCheckType type() {
                return type;
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public HealthCheckResponse call() {
                return answer;
            }
        };
    }
}
