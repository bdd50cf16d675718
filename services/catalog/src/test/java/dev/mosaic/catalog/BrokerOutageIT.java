package dev.mosaic.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;

import dev.mosaic.testing.ServiceInfra;
import dev.mosaic.testing.ServicePort;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalog with no broker at all (its bootstrap address is a closed port): browsing must not depend on Kafka,
 * whose outage only delays the catalog's events (they wait in the outbox).
 */
@ExtendWith({ServiceInfra.class, BrokerOutageIT.UnreachableBroker.class})
@HelidonTest
class BrokerOutageIT {

    @Test
    void staysReadyAndServesTheCatalogWhileTheBrokerIsUnreachable() {
        HttpResponse<String> ready = ServicePort.http().get("/health/ready");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(ready.body()).contains("\"status\":\"UP\"");

        HttpResponse<String> products = ServicePort.http().get("/products?size=5");
        assertThat(products.statusCode()).isEqualTo(200);
        assertThat(products.body()).contains("items");
    }

    /** Points the service at a port nothing listens on, after {@link ServiceInfra} pointed it at the test broker. */
    static class UnreachableBroker implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            try (ServerSocket socket = new ServerSocket(0)) {
                System.setProperty("mosaic.kafka.bootstrap", "127.0.0.1:" + socket.getLocalPort());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
