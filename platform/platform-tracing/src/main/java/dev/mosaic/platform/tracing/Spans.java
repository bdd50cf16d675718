package dev.mosaic.platform.tracing;

import dev.mosaic.platform.core.TraceParent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

import java.util.List;

/**
 * Spans from and to W3C {@code traceparent} strings: the form in which the project carries trace context in HTTP
 * headers, gRPC metadata and CloudEvent extensions. A span started here continues the trace the string names, so
 * the exported spans of one order form one tree across every service.
 */
public final class Spans {

    private static final String TRACEPARENT = "traceparent";
    private static final TextMapGetter<String> FROM_STRING = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of(TRACEPARENT);
        }

        @Override
        public String get(String carrier, String key) {
            return TRACEPARENT.equals(key) ? carrier : null;
        }
    };

    private Spans() {
    }

    /** The context whose parent is the span {@code traceparent} names; the root context when it is absent or invalid. */
    public static Context parentFrom(String traceparent) {
        if (traceparent == null || traceparent.isBlank()) {
            return Context.root();
        }
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), traceparent.strip(), FROM_STRING);
    }

    /**
     * Starts a span of {@code kind} under the span {@code traceparent} names, or, when it names none, under the
     * span current on this thread (a new trace when there is none). The caller ends it.
     *
     * <p>With trace export off the tracer is the no-op API's, whose "span" is its parent seen again (same ids).
     * That would make a hop reuse its caller's span id, so the invalid span is returned instead: {@code
     * getSpanContext().isValid()} is then false exactly when no span of this process exists.
     */
    public static Span start(Tracer tracer, String name, SpanKind kind, String traceparent) {
        Context parent = parentFrom(traceparent);
        SpanBuilder builder = tracer.spanBuilder(name).setSpanKind(kind);
        SpanContext parentSpan = Span.fromContext(parent).getSpanContext();
        if (parentSpan.isValid()) {
            builder.setParent(parent);
        } else {
            parentSpan = Span.current().getSpanContext();
        }
        Span span = builder.startSpan();
        if (parentSpan.isValid() && span.getSpanContext().getSpanId().equals(parentSpan.getSpanId())) {
            return Span.getInvalid();
        }
        return span;
    }

    /** The {@code traceparent} that names {@code span} as the parent of the next hop; {@code null} for an invalid one. */
    public static String traceparent(SpanContext span) {
        TraceParent trace = traceParentOf(span);
        return trace == null ? null : trace.toString();
    }

    /** The trace context that names {@code span} as the parent of the next hop; {@code null} for an invalid span. */
    public static TraceParent traceParentOf(SpanContext span) {
        return span.isValid() ? new TraceParent(span.getTraceId(), span.getSpanId(), span.getTraceFlags().asHex()) : null;
    }
}
