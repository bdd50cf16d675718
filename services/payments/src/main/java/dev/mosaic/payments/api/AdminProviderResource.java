package dev.mosaic.payments.api;

import java.util.logging.Logger;

import dev.mosaic.payments.client.SimulatedProvider;
import dev.mosaic.platform.web.Access;
import dev.mosaic.platform.web.ProblemException;
import dev.mosaic.platform.core.Validation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Failure drills: make the simulated provider slow or flaky while the system runs, and watch retries,
 * dead letters and saga timeouts do their work. Under {@code /admin} so the gateway never exposes it.
 */
@Access(roles = Access.ADMIN)
@Path("/admin/provider")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class AdminProviderResource {

    private static final Logger LOG = Logger.getLogger(AdminProviderResource.class.getName());

    private final SimulatedProvider provider;

    @Inject
    public AdminProviderResource(SimulatedProvider provider) {
        this.provider = provider;
    }

    @GET
    public ProviderView get() {
        return ProviderView.of(provider);
    }

    @PUT
    public ProviderView configure(ProviderSettingsRequest request) {
        if (request == null) {
            throw ProblemException.invalid("body", "is required");
        }
        SimulatedProvider.Settings settings = request.validate(new Validation());
        provider.configure(settings);
        LOG.info(() -> "Payment provider drill settings now " + settings);
        return ProviderView.of(provider);
    }
}
