package dev.mosaic.platform.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class TraceParentTest {

    private static final String VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void aValidTraceparentIsReadAndWrittenBackAsItCame() {
        TraceParent trace = TraceParent.parse(" " + VALID + " ").orElseThrow();

        assertThat(trace.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(trace.parentId()).isEqualTo("00f067aa0ba902b7");
        assertThat(trace.flags()).isEqualTo("01");
        assertThat(trace).hasToString(VALID);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "garbage",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra"})
    void aMalformedTraceparentIsRefused(String malformed) {
        assertThat(TraceParent.parse(malformed)).isEmpty();
        assertThat(TraceParent.isValid(malformed)).isFalse();
    }

    @Test
    void laterVersionsWithExtraFieldsAreReadByTheirFirstFour() {
        TraceParent trace = TraceParent.parse("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-future").orElseThrow();

        assertThat(trace).hasToString(VALID);
    }

    @Test
    void aNewTraceIsValidSampledAndNewEachTime() {
        TraceParent first = TraceParent.newTrace();

        assertThat(TraceParent.isValid(first.toString())).isTrue();
        assertThat(first.flags()).isEqualTo("01");
        assertThat(TraceParent.newTrace().traceId()).isNotEqualTo(first.traceId());
        assertThat(first.withParent("b".repeat(16))).hasToString("00-" + first.traceId() + "-" + "b".repeat(16) + "-01");
    }
}
