package dev.mosaic.platform.messaging;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import dev.mosaic.platform.web.Access;
import dev.mosaic.platform.web.Callers;
import dev.mosaic.platform.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code POST /admin/outbox/flush}: one relay pass now. A service scaled to zero has no relay thread running, so
 * events its last instance committed but could not publish wait until something starts an instance; a scheduled
 * ping (a Knative PingSource) calls this to start one and drain the outbox. Not routed by the gateway to the public.
 * <p>
 * Admitted: an admin, or a workload named in {@code mosaic.outbox.flush.senders} (the PingSource's identity).
 */
@Path("/admin/outbox/flush")
@Access(roles = Access.ADMIN, workloads = Access.ANY_WORKLOAD)
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class OutboxFlushResource {

    private static final Logger LOG = Logger.getLogger(OutboxFlushResource.class.getName());

    private final OutboxRelay relay;
    private final Set<String> senders;

    @Inject
    public OutboxFlushResource(OutboxRelay relay,
                               @ConfigProperty(name = "mosaic.outbox.flush.senders") Optional<String> senders) {
        this.relay = relay;
        this.senders = Arrays.stream(senders.orElse("").split(",")).map(String::strip).filter(v -> !v.isEmpty())
                .map(Callers::workloadName).collect(Collectors.toUnmodifiableSet());
    }

    /** 200 with what the pass did when the broker took every pending event; 503 when it refused some. */
    @POST
    public OutboxRelay.Pass flush(@Context SecurityContext security, @Context ContainerRequestContext request) {
        Optional<String> workload = Callers.workload(request);
        if (!Callers.isAdmin(security) && (workload.isEmpty() || !senders.contains(workload.get()))) {
            throw ProblemException.forbidden("Only an admin or a configured sender (mosaic.outbox.flush.senders) may flush "
                    + "the outbox; " + workload.map(w -> "workload '" + w + "' is not one").orElse("this caller is neither"));
        }
        OutboxRelay.Pass pass;
        try {
            pass = relay.flush();
        } catch (IllegalStateException e) {
            throw ProblemException.conflict(e.getMessage());
        }
        LOG.info(() -> "Outbox flush: published " + pass.published() + ", failed " + pass.failed()
                + ", pending " + pass.pending());
        if (pass.failed() > 0) {
            throw ProblemException.unavailable("The broker refused " + pass.failed() + " events (published "
                    + pass.published() + ", " + pass.pending() + " still pending); check Kafka and flush again", 5);
        }
        return pass;
    }
}
