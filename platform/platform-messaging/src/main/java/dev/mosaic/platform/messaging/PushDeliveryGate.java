package dev.mosaic.platform.messaging;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import dev.mosaic.platform.web.ProblemException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code POST /events} exists only where events are pushed ({@code mosaic.events.delivery=push}): with poll delivery
 * the door is not there at all (404 before any credential is looked at), so it cannot be knocked on.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
@ApplicationScoped
public class PushDeliveryGate implements ContainerRequestFilter {

    private final boolean push;

    @Inject
    public PushDeliveryGate(@ConfigProperty(name = "mosaic.events.delivery", defaultValue = "poll") String delivery) {
        this.push = Delivery.pushes(delivery);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!push && (path.equals("/events") || path.equals("events") || path.startsWith("/events/"))) {
            throw new ProblemException(404, "not-found", "Not found",
                    "This service consumes its events from Kafka (mosaic.events.delivery=poll); POST /events is not served");
        }
    }
}
