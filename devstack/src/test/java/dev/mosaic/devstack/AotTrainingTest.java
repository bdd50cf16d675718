package dev.mosaic.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class AotTrainingTest {

    private static ServiceSpec spec(String name) {
        return ServiceSpec.ALL.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void ordersAndInventoryAreTrainedWithWhatTheFirstPlacementCallsAndTheGatewayWithWhatServesItsFirstAnswer() {
        assertThat(AotTraining.peersOf(spec("orders"))).containsExactly("catalog", "inventory");
        assertThat(AotTraining.peersOf(spec("inventory"))).containsExactly("catalog", "orders");
        assertThat(AotTraining.peersOf(spec("gateway"))).containsExactly("catalog");
        assertThat(AotTraining.peersOf(spec("catalog"))).isEmpty();
        assertThat(AotTraining.peersOf(spec("payments"))).isEmpty();
    }

    @Test
    void processesWithPeersAreTrainedAfterTheRestSoThatTheirPeersStartFromTheCachesJustWritten() {
        List<ServiceSpec> all = List.of(spec("gateway"), spec("catalog"), spec("orders"), spec("inventory"), spec("payments"));

        assertThat(AotTraining.phases(all)).containsExactly(
                List.of(spec("catalog"), spec("payments")),
                List.of(spec("gateway"), spec("orders"), spec("inventory")));
        assertThat(AotTraining.phases(List.of(spec("orders")))).containsExactly(List.of(spec("orders")));
        assertThat(AotTraining.phases(List.of())).isEmpty();
    }
}
