package dev.mosaic.orders.client;

import java.net.URI;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The gRPC target orders dials is the host and port a base URL names, also when the URL names no port. */
class InventoryGrpcTargetTest {

    @ParameterizedTest
    @CsvSource({
            // What the Knative manifests give: a cluster-local name without a port (Kourier's internal listener, 80).
            "http://inventory.mosaic.svc.cluster.local, inventory.mosaic.svc.cluster.local:80",
            "https://inventory.example.com, inventory.example.com:443",
            // What ./mosaic up gives.
            "http://127.0.0.1:8082, 127.0.0.1:8082",
    })
    void aUrlWithoutPortMeansTheSchemesPort(String url, String target) {
        assertThat(InventoryGrpcReservations.target(URI.create(url))).isEqualTo(target);
    }

    @Test
    void aUrlWithoutHostIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> InventoryGrpcReservations.target(URI.create("inventory:8082")))
                .hasMessageContaining("mosaic.upstream.inventory");
    }
}
