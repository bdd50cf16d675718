package dev.mosaic.gateway;

import dev.mosaic.platform.core.RequestContext;
import dev.mosaic.platform.core.TraceParent;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class CorrelationTest {

    private static final String VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void aValidTraceparentIsKeptAsIs() {
        Correlation correlation = Correlation.of(Optional.of("req-1"), Optional.of(VALID));

        assertThat(correlation.requestId()).isEqualTo("req-1");
        assertThat(correlation.traceparent()).hasToString(VALID);
        assertThat(correlation.generatedTrace()).isFalse();
        assertThat(correlation.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void aMalformedTraceparentIsReplacedByANewTrace() {
        Correlation correlation = Correlation.of(Optional.empty(), Optional.of("00-garbage"));

        assertThat(TraceParent.isValid(correlation.traceparent().toString())).isTrue();
        assertThat(correlation.generatedTrace()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "line\nbreak", "{\"json\":1}", "abc+def/ghi="})
    void anIdTheServicesWouldReplaceIsReplacedHereSoTheRequestCarriesOneId(String unsafe) {
        String id = Correlation.of(Optional.of(unsafe), Optional.empty()).requestId();

        assertThat(id).isNotEqualTo(unsafe);
        assertThat(RequestContext.continueFrom(id, null).requestId()).as("what a service keeps").isEqualTo(id);
    }

    @Test
    void inItsSpanTheGatewayIsTheParentOfTheNextHop() {
        Correlation correlation = Correlation.of(Optional.of("req-1"), Optional.of(VALID)).inSpan("b".repeat(16));

        assertThat(correlation.traceparent()).hasToString("00-4bf92f3577b34da6a3ce929d0e0e4736-" + "b".repeat(16) + "-01");
        assertThat(correlation.ids(Optional.of("order-1")))
                .isEqualTo(new RequestContext.Ids("req-1", correlation.traceId(), "b".repeat(16), "01", "order-1"));
    }

    @Test
    void theOrderIdComesFromTheOrderPathOrFromThePlacementsLocation() {
        String id = "0b4f1c52-3c1e-4b7e-9d55-6c4e0a1f2b3c";

        assertThat(Correlation.subject("/api/orders/" + id, Optional.empty())).contains(id);
        assertThat(Correlation.subject("/api/orders/" + id + "/details", Optional.empty())).contains(id);
        assertThat(Correlation.subject("/api/orders", Optional.of("/api/orders/" + id))).contains(id);
        assertThat(Correlation.subject("/api/orders", Optional.empty())).isEmpty();
        assertThat(Correlation.subject("/api/products/SKU-1", Optional.of("/api/products/SKU-1"))).isEmpty();
        assertThat(Correlation.subject("/api/orders/a\"b", Optional.empty())).as("nothing that could break a log line").isEmpty();
    }
}
