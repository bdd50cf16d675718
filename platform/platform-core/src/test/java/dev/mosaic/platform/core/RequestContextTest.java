package dev.mosaic.platform.core;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequestContextTest {

    @AfterEach
    void clear() {
        RequestContext.clear();
    }

    @Test
    void continuesTheCallersTraceWithANewSpan() {
        var ids = RequestContext.begin("req-1", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

        assertThat(ids.requestId()).isEqualTo("req-1");
        assertThat(ids.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(ids.spanId()).hasSize(16).isNotEqualTo("00f067aa0ba902b7");
        assertThat(ids.traceparent()).matches("00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01");
        assertThat(RequestContext.current()).contains(ids);
    }

    @Test
    void replacesMissingOrMalformedIdsInsteadOfTrustingThem() {
        var ids = RequestContext.begin("evil\nlog line", "00-00000000000000000000000000000000-00f067aa0ba902b7-01");

        assertThat(ids.requestId()).matches("[0-9a-f-]{36}");
        assertThat(ids.traceId()).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
        assertThat(RequestContext.begin(null, "garbage").traceparent()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
    }

    @Test
    void runWithRestoresThePreviousContext() {
        var outer = RequestContext.begin("outer", null);
        var inner = new RequestContext.Ids("inner", "a".repeat(32), "b".repeat(16), "01");

        RequestContext.runWith(inner, () -> assertThat(RequestContext.current()).contains(inner));

        assertThat(RequestContext.current()).contains(outer);
    }

    @Test
    void subjectJoinsTheCurrentWorkAndLeavesWithIt() {
        var outer = RequestContext.begin("outer", null);

        RequestContext.runWith(RequestContext.continueFrom("inner", outer.traceparent()), () -> {
            RequestContext.subject("order-1");
            assertThat(RequestContext.current()).hasValueSatisfying(ids -> {
                assertThat(ids.subject()).isEqualTo("order-1");
                assertThat(ids.traceId()).isEqualTo(outer.traceId());
                assertThat(ids.spanId()).isNotEqualTo(outer.spanId());
            });
        });

        assertThat(RequestContext.current()).contains(outer);
        assertThat(outer.subject()).isNull();
    }

    @Test
    void subjectIsIgnoredOutsideAnyWorkAndWhenItCouldForgeALogLine() {
        RequestContext.subject("order-1");
        assertThat(RequestContext.current()).isEmpty();

        RequestContext.begin("r", null);
        RequestContext.subject("x\n{\"level\":\"ERROR\"}");
        assertThat(RequestContext.current().orElseThrow().subject()).isNull();
    }

    @Test
    void continueFromDoesNotChangeTheCurrentContext() {
        var current = RequestContext.begin("current", null);

        var next = RequestContext.continueFrom("next", current.traceparent());

        assertThat(RequestContext.current()).contains(current);
        assertThat(next.traceId()).isEqualTo(current.traceId());
    }
}
