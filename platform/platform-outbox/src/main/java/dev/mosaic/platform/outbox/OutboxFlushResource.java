package dev.mosaic.platform.outbox;

import java.util.logging.Logger;

import dev.mosaic.platform.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code POST /admin/outbox/flush}: one relay pass now. A service scaled to zero has no relay thread running, so
 * events its last instance committed but could not publish wait until something starts an instance; a scheduled
 * ping (a Knative PingSource) calls this to start one and drain the outbox. Not routed by the gateway to the public.
 */
@Path("/admin/outbox/flush")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class OutboxFlushResource {

    private static final Logger LOG = Logger.getLogger(OutboxFlushResource.class.getName());

    private final OutboxRelay relay;

    @Inject
    public OutboxFlushResource(OutboxRelay relay) {
        this.relay = relay;
    }

    /** 200 with what the pass did when the broker took every pending event; 503 when it refused some. */
    @POST
    public OutboxRelay.Pass flush() {
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
