package dev.mosaic.gateway;

import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class CorrelationTest {

    private static final String VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void validTraceparentIsKeptAsIs() {
        Correlation correlation = Correlation.of(Optional.of("req-1"), Optional.of(VALID));

        assertThat(correlation.requestId()).isEqualTo("req-1");
        assertThat(correlation.traceparent()).isEqualTo(VALID);
        assertThat(correlation.generatedTrace()).isFalse();
        assertThat(correlation.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void aRequestWithoutAnIdGetsANewVersion4Uuid() {
        String first = Correlation.of(Optional.empty(), Optional.empty()).requestId();
        String second = Correlation.of(Optional.empty(), Optional.empty()).requestId();

        assertThat(UUID.fromString(first).version()).isEqualTo(4);
        assertThat(UUID.fromString(first).variant()).isEqualTo(2);
        assertThat(UUID.fromString(first).toString()).isEqualTo(first);
        assertThat(second).isNotEqualTo(first);
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
    void malformedTraceparentIsReplacedByANewValidOne(String malformed) {
        Correlation correlation = Correlation.of(Optional.empty(), Optional.of(malformed));

        assertThat(correlation.traceparent()).isNotEqualTo(malformed).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        assertThat(Correlation.isValidTraceparent(correlation.traceparent())).isTrue();
        assertThat(correlation.generatedTrace()).isTrue();
    }

    @Test
    void laterTraceparentVersionsWithExtraFieldsAreAccepted() {
        assertThat(Correlation.isValidTraceparent("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-future")).isTrue();
    }

    @Test
    void missingIdsAreGenerated() {
        Correlation correlation = Correlation.of(Optional.empty(), Optional.empty());

        assertThat(correlation.requestId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(Correlation.isValidTraceparent(correlation.traceparent())).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "line\nbreak", "{\"json\":1}"})
    void unsafeRequestIdIsReplaced(String unsafe) {
        assertThat(Correlation.of(Optional.of(unsafe), Optional.empty()).requestId()).isNotEqualTo(unsafe);
    }

    @Test
    void theOrderIdComesFromTheOrderPathOrFromThePlacementsLocation() {
        String id = "0b4f1c52-3c1e-4b7e-9d55-6c4e0a1f2b3c";

        assertThat(Correlation.orderId("/api/orders/" + id, Optional.empty())).contains(id);
        assertThat(Correlation.orderId("/api/orders/" + id + "/details", Optional.empty())).contains(id);
        assertThat(Correlation.orderId("/api/orders", Optional.of("/api/orders/" + id))).contains(id);
        assertThat(Correlation.orderId("/api/orders", Optional.empty())).isEmpty();
        assertThat(Correlation.orderId("/api/products/SKU-1", Optional.of("/api/products/SKU-1"))).isEmpty();
        assertThat(Correlation.orderId("/api/orders/a\"b", Optional.empty())).as("nothing that could break a log line").isEmpty();
    }
}
