package dev.mosaic.platform.web;

import dev.mosaic.platform.core.RequestContext;
import dev.mosaic.platform.tracing.Spans;
import dev.mosaic.platform.tracing.TraceExport;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Scope;
import jakarta.enterprise.inject.spi.CDI;

import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * OpenTelemetry spans for the hops that MicroProfile Telemetry does not see by itself (gRPC, Kafka events, the
 * outbox relay), made with the SDK that MicroProfile Telemetry built from the {@code otel.*} config. While a span
 * is under way it is current on the thread and {@link RequestContext} carries its ids, so log lines, the
 * traceparent sent onwards and the exported span all agree. When trace export is off the API is a no-op and the
 * ids are the project's own, as before.
 */
public final class Tracing {

    private static final String INSTRUMENTATION = "dev.mosaic";
    private static final Logger LOG = Logger.getLogger(Tracing.class.getName());
    private static volatile Tracer tracer;

    private Tracing() {
    }

    /** The tracer of the service's OpenTelemetry (from CDI); a no-op one outside a running service. */
    public static Tracer tracer() {
        Tracer found = tracer;
        if (found != null) {
            return found;
        }
        OpenTelemetry openTelemetry;
        try {
            openTelemetry = CDI.current().select(OpenTelemetry.class).get();
        } catch (RuntimeException e) {
            // No container (a unit test, a tool): nothing is recorded, and the next call looks again.
            return OpenTelemetry.noop().getTracer(INSTRUMENTATION);
        }
        found = openTelemetry.getTracer(INSTRUMENTATION);
        tracer = found;
        if (openTelemetry.getTracerProvider() != TracerProvider.noop()) {
            LOG.info("Traces are exported over OTLP to " + TraceExport.endpoint(System.getenv(), System.getProperties())
                     + " (otel.* settings; unset OTEL_EXPORTER_OTLP_ENDPOINT to stop)");
        }
        return found;
    }

    /**
     * {@code ids} with the trace id, span id and flags of {@code span} when it is recorded; {@code ids} unchanged
     * otherwise (export off: the project's own span ids stand).
     */
    public static RequestContext.Ids idsOf(SpanContext span, RequestContext.Ids ids) {
        if (!span.isValid()) {
            return ids;
        }
        return new RequestContext.Ids(ids.requestId(), span.getTraceId(), span.getSpanId(),
                                      span.getTraceFlags().asHex(), ids.subject());
    }

    /**
     * Runs {@code work} inside a new span of {@code kind} named {@code name}, child of the span {@code parent}
     * names (a traceparent; the current span when it names none), with {@code ids} pointed at the new span as the
     * current {@link RequestContext}. A failure is recorded on the span and rethrown.
     */
    public static <T> T inSpan(String name, SpanKind kind, String parent, RequestContext.Ids ids, Supplier<T> work) {
        Span span = Spans.start(tracer(), name, kind, parent);
        Object[] result = new Object[1];
        try (Scope ignored = span.makeCurrent()) {
            RequestContext.runWith(idsOf(span.getSpanContext(), ids), () -> result[0] = work.get());
        } catch (RuntimeException | Error e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            throw e;
        } finally {
            span.end();
        }
        @SuppressWarnings("unchecked")
        T value = (T) result[0];
        return value;
    }

    /** {@link #inSpan(String, SpanKind, String, RequestContext.Ids, Supplier)} for work without a result. */
    public static void inSpan(String name, SpanKind kind, String parent, RequestContext.Ids ids, Runnable work) {
        inSpan(name, kind, parent, ids, () -> {
            work.run();
            return null;
        });
    }
}
