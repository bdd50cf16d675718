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

    /**
     * A client of the service under test that calls as an admin (every endpoint for people admits admins): for tests
     * of behaviour. Tests of who may call what use {@link #anonymous()} and add the credential they test.
     */
    public static Http http() {
        return anonymous().with("Authorization", TestTokens.admin());
    }

    /** A client that sends no credential of its own. */
    public static Http anonymous() {
        return Http.on(get());
    }
}
