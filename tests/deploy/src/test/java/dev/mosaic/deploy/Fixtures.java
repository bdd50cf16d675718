package dev.mosaic.deploy;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Deliberately broken inputs under src/test/resources/fixtures: each check must reject its own. */
final class Fixtures {

    private Fixtures() {
    }

    static Path path(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("Missing test fixture " + name, e);
        }
    }
}
