package dev.mosaic.platform.web;

import jakarta.enterprise.context.Dependent;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;

/**
 * Keeps {@code Location} headers as the paths the services write. JAX-RS would make them absolute with the
 * service's own host and port, which behind the gateway is an address the client cannot (and must not) reach.
 */
@Provider
@Dependent
public class RelativeLocations implements Feature {

    @Override
    public boolean configure(FeatureContext context) {
        context.property("jersey.config.server.headers.location.relative.resolution.disabled", true);
        return true;
    }
}
