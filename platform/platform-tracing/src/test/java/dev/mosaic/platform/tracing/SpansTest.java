package dev.mosaic.platform.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SpansTest {

    private static final String PARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private final SdkTracerProvider provider =
            SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exported)).build();
    private final Tracer tracer = provider.get("test");

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void aSpanContinuesTheTraceItsTraceparentNames() {
        Span span = Spans.start(tracer, "orders.events process", SpanKind.CONSUMER, PARENT);
        String next = Spans.traceparent(span.getSpanContext());
        span.end();

        SpanData data = exported.getFinishedSpanItems().getFirst();
        assertThat(data.getTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(data.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
        assertThat(data.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(data.getParentSpanContext().isRemote()).isTrue();
        assertThat(next).isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-" + data.getSpanId() + "-01");
    }

    @Test
    void withoutAUsableTraceparentTheCurrentSpanIsTheParent() {
        Span outer = tracer.spanBuilder("outer").startSpan();
        try (Scope ignored = outer.makeCurrent()) {
            for (String unusable : new String[] {null, "", "garbage", "00-00000000000000000000000000000000-00f067aa0ba902b7-01"}) {
                Span inner = Spans.start(tracer, "inner", SpanKind.CLIENT, unusable);
                assertThat(inner.getSpanContext().getTraceId()).isEqualTo(outer.getSpanContext().getTraceId());
                inner.end();
            }
        } finally {
            outer.end();
        }
        assertThat(exported.getFinishedSpanItems()).filteredOn(s -> s.getName().equals("inner"))
                .hasSize(4).allSatisfy(s -> assertThat(s.getParentSpanId()).isEqualTo(outer.getSpanContext().getSpanId()));
    }

    @Test
    void withExportOffThereIsNoSpanRatherThanTheParentSeenAgain() {
        Tracer noop = io.opentelemetry.api.OpenTelemetry.noop().getTracer("test");
        assertThat(Spans.start(noop, "process", SpanKind.CONSUMER, PARENT).getSpanContext().isValid()).isFalse();
        Span outer = tracer.spanBuilder("outer").startSpan();
        try (Scope ignored = outer.makeCurrent()) {
            assertThat(Spans.start(noop, "call", SpanKind.CLIENT, null).getSpanContext().isValid()).isFalse();
        } finally {
            outer.end();
        }
    }

    @Test
    void anInvalidSpanHasNoTraceparent() {
        assertThat(Spans.traceparent(Span.getInvalid().getSpanContext())).isNull();
        assertThat(Spans.parentFrom("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00"))
                .satisfies(c -> assertThat(Span.fromContext(c).getSpanContext().isSampled()).isFalse());
    }
}
