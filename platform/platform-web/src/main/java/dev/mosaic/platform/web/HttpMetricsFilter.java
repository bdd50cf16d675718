package dev.mosaic.platform.web;

import dev.mosaic.platform.core.RequestContext;
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
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Times every request a resource answers, as {@code mosaic_http_server_requests_seconds{method,route,status}}:
 * rate, errors (by status) and duration per route from one histogram. The route is the resource's path
 * template ({@code /orders/{id}}), never the concrete path, so ids do not multiply the series.
 * Requests no resource matches (health, metrics, unknown paths) are not counted. The buckets are set in
 * platform-web's META-INF/microprofile-config.properties.
 */
@Provider
@PreMatching
// Outermost: starts before the correlation filter and ends after every other response filter.
@Priority(Priorities.AUTHENTICATION - 200)
@ApplicationScoped
public class HttpMetricsFilter implements ContainerRequestFilter, ContainerResponseFilter {

    /** The MicroProfile name; Prometheus shows it as {@code mosaic_http_server_requests_seconds}. */
    public static final String NAME = "mosaic.http.server.requests";
    private static final String STARTED = HttpMetricsFilter.class.getName() + ".started";
    private static final Metadata METADATA = Metadata.builder().withName(NAME)
            .withDescription("Requests answered by a resource, by HTTP method, route template and status code")
            .withUnit("seconds").build();

    private final MetricRegistry registry;
    private final Map<Method, String> routes = new ConcurrentHashMap<>();

    @Context
    ResourceInfo resource;

    @Inject
    public HttpMetricsFilter(MetricRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(STARTED, System.nanoTime());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!(request.getProperty(STARTED) instanceof Long started)) {
            return;
        }
        Method method = resource == null ? null : resource.getResourceMethod();
        if (method == null) {
            // No resource matched: Jersey passes the request on to the server's own routes (/metrics, /health,
            // the 404 problem), which are not API traffic and must not count as errors.
            return;
        }
        String route = routes.computeIfAbsent(method, m -> route(resource.getResourceClass(), m));
        registry.timer(METADATA, new Tag("method", request.getMethod()), new Tag("route", route),
                new Tag("status", Integer.toString(response.getStatus()))).update(Duration.ofNanos(System.nanoTime() - started));
    }

    /** The path template of a resource method: its class's {@code @Path} joined with its own. */
    static String route(Class<?> type, Method method) {
        Path onClass = type == null ? null : type.getAnnotation(Path.class);
        Path onMethod = method.getAnnotation(Path.class);
        String joined = "/" + (onClass == null ? "" : onClass.value()) + "/" + (onMethod == null ? "" : onMethod.value());
        String route = joined.replaceAll("/{2,}", "/");
        return route.length() > 1 && route.endsWith("/") ? route.substring(0, route.length() - 1) : route;
    }
}
