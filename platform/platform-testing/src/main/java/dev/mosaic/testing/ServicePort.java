package dev.mosaic.testing;

import io.helidon.microprofile.server.ServerCdiExtension;
import jakarta.enterprise.inject.spi.CDI;

/** The port the service under test actually listens on (tests configure {@code server.port=0}). */
public final class ServicePort {

    private ServicePort() {
    }

    public static int get() {
        return CDI.current().getBeanManager().getExtension(ServerCdiExtension.class).port();
    }

    public static Http http() {
        return Http.on(get());
    }
}
