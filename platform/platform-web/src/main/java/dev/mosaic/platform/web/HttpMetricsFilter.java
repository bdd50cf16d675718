package dev.mosaic.platform.web;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * Times every request a resource answers, as {@code mosaic_http_server_requests_seconds{method,route,status}}:
 * rate, errors (by status) and duration per route from one histogram. The route is the resource's path
 * template ({@code /orders/{id}}), never the concrete path, so ids do not multiply the series.
 * Requests no resource matches (health, metrics, unknown paths) are not counted. The buckets are set in
 * platform-web's META-INF/microprofile-config.properties.
 * <p>
 * A pre-matching filter notes when each request arrived; every resource method gets a response filter of its own at
 * start (a {@link DynamicFeature}) that knows its route and keeps its timers. Nothing is looked up per request: asking
 * Jersey which method answered and the registry for the timer cost a request more than timing it.
 */
@Provider
@PreMatching
// Outermost: starts before the correlation filter and ends after every other response filter.
@Priority(HttpMetricsFilter.PRIORITY)
@ApplicationScoped
public class HttpMetricsFilter implements ContainerRequestFilter, DynamicFeature {

    /** The MicroProfile name; Prometheus shows it as {@code mosaic_http_server_requests_seconds}. */
    public static final String NAME = "mosaic.http.server.requests";
    static final int PRIORITY = Priorities.AUTHENTICATION - 200;
    private static final String STARTED = HttpMetricsFilter.class.getName() + ".started";
    private static final Metadata METADATA = Metadata.builder().withName(NAME)
            .withDescription("Requests answered by a resource, by HTTP method, route template and status code")
            .withUnit("seconds").build();

    private final MetricRegistry registry;

    @Inject
    public HttpMetricsFilter(MetricRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(STARTED, System.nanoTime());
    }

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        String route = route(resource.getResourceClass(), resource.getResourceMethod());
        context.register(new RouteTimer(registry, route), PRIORITY);
    }

    /** The path template of a resource method: its class's {@code @Path} joined with its own. */
    static String route(Class<?> type, Method method) {
        Path onClass = type == null ? null : type.getAnnotation(Path.class);
        Path onMethod = method.getAnnotation(Path.class);
        String joined = "/" + (onClass == null ? "" : onClass.value()) + "/" + (onMethod == null ? "" : onMethod.value());
        String route = joined.replaceAll("/{2,}", "/");
        return route.length() > 1 && route.endsWith("/") ? route.substring(0, route.length() - 1) : route;
    }

    /** The timers of one route, one per HTTP method and status it has answered with. */
    private static final class RouteTimer implements ContainerResponseFilter {
        private final MetricRegistry registry;
        private final String route;
        private final Map<String, Timer> timers = new ConcurrentHashMap<>();

        RouteTimer(MetricRegistry registry, String route) {
            this.registry = registry;
            this.route = route;
        }

        @Override
        public void filter(ContainerRequestContext request, ContainerResponseContext response) {
            if (!(request.getProperty(STARTED) instanceof Long started)) {
                return;
            }
            String method = request.getMethod();
            int status = response.getStatus();
            timers.computeIfAbsent(method + ' ' + status, key -> registry.timer(METADATA, new Tag("method", method),
                    new Tag("route", route), new Tag("status", Integer.toString(status))))
                    .update(Duration.ofNanos(System.nanoTime() - started));
        }
    }
}
