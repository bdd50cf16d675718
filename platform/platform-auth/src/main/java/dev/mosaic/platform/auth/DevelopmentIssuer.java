package dev.mosaic.platform.auth;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ServiceLoader;

/**
 * Hands out customer and admin tokens on request: the storefront's development sign-in of local runs. Only the
 * seam lives here; the issuer itself (a signing key in a folder) is in {@code platform-dev}, which no deployed
 * artifact contains. A process finds it with {@link #load}, from its own class path (tests) or from a jar that the
 * development stack names; without one it cannot offer the sign-in at all.
 */
public interface DevelopmentIssuer {

    /** A customer token, or with {@code admin} a customer-and-admin token, for {@code subject}, valid for {@code ttl}. */
    String issue(String subject, boolean admin, Duration ttl);

    /** Opens the issuer whose key lives in a folder (created on first use); registered as a {@link ServiceLoader} service. */
    interface Provider {
        DevelopmentIssuer open(Path keyDir);
    }

    /**
     * The development issuer with its key in {@code keyDir}, from the first {@link Provider} that {@code loader} sees.
     *
     * @throws IllegalStateException when none is there: a deployed artifact asked for the development sign-in
     */
    static DevelopmentIssuer load(Path keyDir, ClassLoader loader) {
        return ServiceLoader.load(Provider.class, loader).findFirst()
                .orElseThrow(() -> new IllegalStateException("The development sign-in was asked for (key folder " + keyDir
                        + ") but no development issuer is on the class path: it ships only in platform-dev, for local runs. "
                        + "Remove the setting, or start the process from ./mosaic, which provides it."))
                .open(keyDir);
    }
}
