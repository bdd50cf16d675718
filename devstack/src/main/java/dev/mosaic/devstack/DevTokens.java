package dev.mosaic.devstack;

import java.nio.file.Path;
import java.time.Duration;

import dev.mosaic.platform.dev.DevIssuer;

/** Tokens of a stack's development issuer, for code that drives a running stack (the drill, tests). */
public final class DevTokens {

    private DevTokens() {
    }

    /** A bearer token (without the "Bearer " prefix) for {@code customerId}, valid for an hour. */
    public static String issue(Path mosaicHome, String customerId, boolean admin) {
        return DevIssuer.loadOrCreate(mosaicHome.resolve("auth")).issue(customerId, admin, Duration.ofHours(1));
    }
}
