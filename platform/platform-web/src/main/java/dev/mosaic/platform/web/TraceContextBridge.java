package dev.mosaic.platform.web;

import dev.mosaic.platform.core.RequestContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * Points the request's {@link RequestContext} at the server span MicroProfile Telemetry started for it, so log
 * lines, the traceparent sent onwards and echoed back, and the exported span share one span id. Runs after
 * Telemetry's own filter (which has the default priority, {@link Priorities#USER}); with export off there is no
 * span and the ids {@link CorrelationFilter} made stand.
 */
@Provider
@Priority(Priorities.USER + 100)
@ApplicationScoped
public class TraceContextBridge implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        SpanContext span = Span.current().getSpanContext();
        if (span.isValid()) {
            RequestContext.current().ifPresent(ids -> RequestContext.set(Tracing.idsOf(span, ids)));
        }
    }
}
