package dev.mosaic.gateway;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Headers;
import io.helidon.logging.common.HelidonMdc;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/** Gives every request its ids, puts them in the log context and on the response, and writes its access line. */
final class CorrelationFilter implements Filter {

    private static final Logger ACCESS = Logger.getLogger("dev.mosaic.gateway.access");
    private static final Logger LOGGER = Logger.getLogger(CorrelationFilter.class.getName());

    static Correlation correlation(Headers headers) {
        return Correlation.of(headers.first(ProxyHandler.X_REQUEST_ID), headers.first(ProxyHandler.TRACEPARENT));
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        long start = System.nanoTime();
        // Captured now: once routed into a service (health), the request's path becomes relative to it.
        String method = req.prologue().method().text();
        String path = req.path().rawPath();
        Correlation correlation = correlation(req.headers());
        req.context().register(Correlation.class, correlation);
        res.header(HeaderValues.create(ProxyHandler.X_REQUEST_ID, correlation.requestId()));
        HelidonMdc.set(JsonLogFormatter.REQUEST_ID, correlation.requestId());
        HelidonMdc.set(JsonLogFormatter.TRACE_ID, correlation.traceId());
        Correlation.orderId(path, Optional.empty()).ifPresent(id -> HelidonMdc.set(JsonLogFormatter.ORDER_ID, id));
        boolean aborted = false;
        try {
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
            res.header(HeaderValues.create(ProxyHandler.X_REQUEST_ID, correlation.requestId()));
            Problems.internalError(res, path);
        } finally {
            logAccess(method, path, req, res, start, aborted);
            HelidonMdc.remove(JsonLogFormatter.REQUEST_ID);
            HelidonMdc.remove(JsonLogFormatter.TRACE_ID);
            HelidonMdc.remove(JsonLogFormatter.ORDER_ID);
        }
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
        if (HelidonMdc.get(JsonLogFormatter.ORDER_ID).isEmpty()) {
            // A placement learns its order id from the answer; the other order calls have it in the MDC already.
            Correlation.orderId(path, res.headers().first(HeaderNames.LOCATION)).ifPresent(id -> fields.put("orderId", id));
        }
        if (aborted) {
            fields.put("aborted", true);
        }
        ACCESS.log(level, method + " " + path + " " + status + " " + durationMs + " ms" + (aborted ? " (aborted)" : ""),
                   new Object[] {fields});
    }
}
