package dev.mosaic.gateway;

import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;

import io.helidon.common.Weighted;
import io.helidon.config.Config;
import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpFeature;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;

/** Assembles the gateway's server: correlation filter, health endpoints, and the proxy behind every other path. */
public final class Gateway {

    private static final Logger LOGGER = Logger.getLogger(Gateway.class.getName());

    private Gateway() {
    }

    /** Starts the gateway; the caller stops it with {@link WebServer#stop()}. */
    public static WebServer start(Config config) {
        Routes routes = Routes.from(config);
        Duration connectTimeout = GatewayConfig.duration(config.get("mosaic.gateway.connect-timeout"), Duration.ofSeconds(1));
        Optional<String> devCustomer = config.get("mosaic.gateway.dev-customer-id").asString().asOptional()
                .map(String::strip).filter(id -> !id.isEmpty());
        devCustomer.ifPresent(id -> LOGGER.warning("Every request acts as customer '" + id
                + "' (mosaic.gateway.dev-customer-id): a development setting, never for a shared deployment"));
        ProxyHandler proxy = new ProxyHandler(routes, connectTimeout, devCustomer);

        WebServer server = WebServer.builder()
                .config(config.get("server"))
                // Features are listed here, not discovered from the classpath, so nothing appears unannounced.
                .featuresDiscoverServices(false)
                .addFeature(ObserveFeature.builder()
                                    .observersDiscoverServices(false)
                                    .addObserver(health(routes))
                                    .build())
                .routing(routing -> routing
                        .addFilter(new CorrelationFilter())
                        .addFeature(CompositionFeature.create(config, routes))
                        .addFeature(new CatchAll(proxy)))
                .build()
                .start();

        routes.all().forEach(route -> LOGGER.info("Route " + route));
        return server;
    }

    /**
     * Probes at /health/{live,ready,started}, answering 200 with a JSON body as MicroProfile Health does.
     * Readiness deliberately ignores upstreams: a gateway pulled from rotation because catalog is down would turn
     * one failure into a total outage, while serving 503 problems for catalog keeps every other route working.
     */
    private static HealthObserver health(Routes routes) {
        return HealthObserver.builder()
                .endpoint("/health")
                .details(true)
                .useSystemServices(false)
                .addCheck(check("gateway", HealthCheckType.LIVENESS, HealthCheckResponse.builder().status(true).build()))
                .addCheck(check("routes", HealthCheckType.READINESS,
                                HealthCheckResponse.builder().status(true).detail("routes", routes.all().size()).build()))
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
