package dev.mosaic.gateway.edge;

import dev.mosaic.gateway.Correlation;
import dev.mosaic.gateway.Problems;
import dev.mosaic.gateway.proxy.ProxyHandler;
import dev.mosaic.platform.core.RequestContext;
import dev.mosaic.platform.core.TraceParent;
import dev.mosaic.platform.tracing.Spans;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/** Gives every request its ids, puts them in the log context and on the response, and writes its access line. */
public final class CorrelationFilter implements Filter {

    private static final Logger ACCESS = Logger.getLogger("dev.mosaic.gateway.access");
    private static final Logger LOGGER = Logger.getLogger(CorrelationFilter.class.getName());

    private final Tracer tracer;

    /**
     * @param tracer makes each request's server span; with trace export off it is a no-op and the gateway's span
     *               id is a random one, so the services still see the gateway as their caller
     */
    public CorrelationFilter(Tracer tracer) {
        this.tracer = tracer;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        long start = System.nanoTime();
        // Captured now: once routed into a service (health), the request's path becomes relative to it.
        String method = req.prologue().method().text();
        String path = req.path().rawPath();
        Correlation caller = Correlation.of(req.headers());
        // The gateway's server span: under the caller's span when it sent a usable traceparent, else a new trace.
        Span span = Spans.start(tracer, method, SpanKind.SERVER, caller.generatedTrace() ? null : caller.traceparent().toString());
        span.setAttribute("http.method", method);
        span.setAttribute("http.target", path);
        Correlation correlation = caller.generatedTrace() && span.getSpanContext().isValid()
                ? new Correlation(caller.requestId(), Spans.traceParentOf(span.getSpanContext()), true)
                : caller.inSpan(span.getSpanContext().isValid() ? span.getSpanContext().getSpanId() : TraceParent.newSpanId());
        req.context().register(Correlation.class, correlation);
        res.header(HeaderValues.create(Correlation.X_REQUEST_ID, correlation.requestId()));
        RequestContext.set(correlation.ids(Correlation.subject(path, Optional.empty())));
        boolean aborted = false;
        try (Scope ignored = span.makeCurrent()) {
            chain.proceed();
        } catch (CloseConnectionException e) {
            aborted = true;
            throw e;
        } catch (RuntimeException e) {
            // A bug, not an upstream failure: log it with its stack, answer a problem without one.
            LOGGER.log(Level.SEVERE, "Unexpected failure handling " + method + " " + path, e);
            if (res.isSent() || !res.reset()) {
                aborted = true;
                throw new CloseConnectionException("Failed after the response was started", e);
            }
            res.header(HeaderValues.create(Correlation.X_REQUEST_ID, correlation.requestId()));
            Problems.internalError(res, path);
        } finally {
            endSpan(span, req, res, aborted);
            logAccess(method, path, req, res, start, aborted);
            RequestContext.clear();
        }
    }

    private static void endSpan(Span span, RoutingRequest req, RoutingResponse res, boolean aborted) {
        int status = res.status().code();
        span.setAttribute("http.status_code", status);
        req.context().get(ProxyHandler.UPSTREAM, String.class).ifPresent(upstream -> span.setAttribute("mosaic.upstream", upstream));
        if (aborted || status >= 500) {
            span.setStatus(StatusCode.ERROR, aborted ? "connection aborted" : "HTTP " + status);
        }
        span.end();
    }

    private static void logAccess(String method, String path, RoutingRequest req, RoutingResponse res, long start,
                                  boolean aborted) {
        // Orchestrators probe health every few seconds; at INFO those lines would bury the traffic.
        Level level = path.startsWith("/health") ? Level.FINE : Level.INFO;
        if (!ACCESS.isLoggable(level)) {
            return;
        }
        long durationMs = (System.nanoTime() - start) / 1_000_000;
        int status = res.status().code();
        String upstream = req.context().get(ProxyHandler.UPSTREAM, String.class).orElse("-");
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("method", method);
        fields.put("path", path);
        fields.put("status", status);
        fields.put("upstream", upstream);
        fields.put("durationMs", durationMs);
        if (RequestContext.current().map(RequestContext.Ids::subject).isEmpty()) {
            // A placement learns its order id from the answer; the other order calls have it in their context already.
            Correlation.subject(path, res.headers().first(HeaderNames.LOCATION)).ifPresent(id -> fields.put("subject", id));
        }
        if (aborted) {
            fields.put("aborted", true);
        }
        ACCESS.log(level, method + " " + path + " " + status + " " + durationMs + " ms" + (aborted ? " (aborted)" : ""),
                   new Object[] {fields});
    }
}
