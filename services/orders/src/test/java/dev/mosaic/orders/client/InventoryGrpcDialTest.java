package dev.mosaic.orders.client;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.mosaic.orders.FakeInventory;
import dev.mosaic.orders.domain.LineRequest;
import dev.mosaic.orders.domain.StockReservations.Outcome;
import dev.mosaic.platform.dev.FreePort;
import io.grpc.ConnectivityState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** orders dials inventory when it starts, and an inventory that is not there yet costs the first reservation nothing. */
class InventoryGrpcDialTest {

    private InventoryGrpcReservations reservations;
    private FakeInventory inventory;

    @AfterEach
    void stop() {
        if (reservations != null) {
            reservations.close();
        }
        if (inventory != null) {
            inventory.stop();
        }
    }

    @Test
    void dialingOpensTheConnectionBeforeAnyCall() throws Exception {
        inventory = new FakeInventory(0);
        reservations = new InventoryGrpcReservations(URI.create("http://" + inventory.target()), 500);

        assertThat(reservations.dial().get(10, TimeUnit.SECONDS)).isEqualTo(ConnectivityState.READY);

        // The server may count the connection a moment after the client saw it ready.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(inventory.connections()).isEqualTo(1));
        assertThat(inventory.reserves).isEmpty();
    }

    @Test
    void anInventoryNotUpYetLeavesTheChannelIdleSoTheFirstReservationDialsAgainAtOnce() throws Exception {
        int port = FreePort.onLoopback();
        reservations = new InventoryGrpcReservations(URI.create("http://127.0.0.1:" + port), 500);

        assertThat(reservations.dial().get(10, TimeUnit.SECONDS)).isEqualTo(ConnectivityState.TRANSIENT_FAILURE);
        // Not waiting out gRPC's reconnect backoff (1 s, growing to 2 min), during which every call fails at once.
        assertThat(reservations.state()).isEqualTo(ConnectivityState.IDLE);

        inventory = new FakeInventory(port);
        assertThat(reservations.reserve("order-1", List.of(new LineRequest("COF-ETH-250", 1)))).isEqualTo(Outcome.RESERVED);
        assertThat(inventory.reserves).hasSize(1);
    }
}
