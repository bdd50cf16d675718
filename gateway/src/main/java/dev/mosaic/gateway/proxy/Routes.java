package dev.mosaic.gateway.proxy;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import dev.mosaic.gateway.Access;
import dev.mosaic.gateway.GatewayConfig;
import io.helidon.config.Config;

/** The routing table, read from {@code mosaic.gateway.routes} and {@code mosaic.upstream.*}: adding a service is config. */
public final class Routes {

    private final List<Route> routes;

    Routes(List<Route> routes) {
        // Longest prefix first, so a specific route wins over a general one whatever the config order.
        this.routes = routes.stream().sorted(Comparator.comparingInt((Route r) -> r.prefix().length()).reversed()).toList();
    }

    /**
     * Reads the routes. Fails at startup, naming the key to set, when a route names an upstream without a URL:
     * better than answering 503 for a typo forever.
     */
    public static Routes from(Config config) {
        Duration defaultTimeout = GatewayConfig.duration(config.get("mosaic.gateway.timeout"), Duration.ofSeconds(2));
        List<Route> routes = new ArrayList<>();
        for (Config route : config.get("mosaic.gateway.routes").asNodeList().orElse(List.of())) {
            String prefix = normalizePrefix(route.get("prefix").asString()
                    .orElseThrow(() -> new IllegalStateException("Route " + route.key() + " has no 'prefix'")));
            String upstream = route.get("upstream").asString()
                    .orElseThrow(() -> new IllegalStateException("Route " + prefix + " has no 'upstream'"));
            routes.add(new Route(prefix,
                                 upstream,
                                 upstreamUri(config, upstream),
                                 normalizePrefix(route.get("strip-prefix").asString().orElse("/api")),
                                 GatewayConfig.duration(route.get("timeout"), defaultTimeout),
                                 // Closed by default: a route someone forgot to mark public needs a customer.
                                 Access.parse(route.get("access").asString().orElse("customer"), prefix)));
        }
        return new Routes(routes);
    }

    public Optional<Route> match(String rawPath) {
        for (Route route : routes) {
            if (route.matches(rawPath)) {
                return Optional.of(route);
            }
        }
        return Optional.empty();
    }

    public List<Route> all() {
        return routes;
    }

    /** The URL of {@code mosaic.upstream.<upstream>}; fails naming the key (and env variable) when it is unset. */
    public static URI upstreamUri(Config config, String upstream) {
        String key = "mosaic.upstream." + upstream;
        String value = config.get(key).asString().filter(s -> !s.isBlank())
                .orElseThrow(() -> new IllegalStateException(
                        "Upstream '" + upstream + "' has no URL: set " + key + " (or env "
                                + key.toUpperCase().replace('.', '_').replace('-', '_') + ")"));
        URI uri = URI.create(value.strip());
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalStateException(key + " must be an http(s) URL with a host, was: " + value);
        }
        return uri;
    }

    private static String normalizePrefix(String prefix) {
        String p = prefix.strip();
        if (!p.startsWith("/")) {
            throw new IllegalStateException("Route prefix must start with '/': " + prefix);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }
}
