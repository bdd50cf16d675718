package dev.mosaic.platform.messaging;

import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

import dev.mosaic.platform.messaging.CloudEvent;
import dev.mosaic.platform.messaging.EventDispatcher;
import dev.mosaic.platform.web.Access;
import dev.mosaic.platform.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * Admin API over this service's dead letters: list them, and redrive one or all through the same handler
 * (and inbox) as a normal delivery once the cause is fixed. Not routed by the gateway to the public.
 */
@Path("/admin/dead-letters")
@Access(roles = Access.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class DeadLettersResource {

    private static final Logger LOG = Logger.getLogger(DeadLettersResource.class.getName());

    private final DeadLetterStore store;
    private final EventDispatcher dispatcher;

    @Inject
    public DeadLettersResource(DeadLetterStore store, EventDispatcher dispatcher) {
        this.store = store;
        this.dispatcher = dispatcher;
    }

    /** Outcome of redriving one dead letter. */
    public record Redrive(long id, String status, String outcome, String error) {
    }

    @GET
    public List<DeadLetterStore.Entry> list(@QueryParam("status") String status,
                                            @QueryParam("limit") @DefaultValue("100") int limit) {
        if (status != null && !status.equals(DeadLetterStore.DEAD) && !status.equals(DeadLetterStore.REDRIVEN)) {
            throw ProblemException.invalid("status", "must be DEAD or REDRIVEN");
        }
        if (limit < 1 || limit > 1000) {
            throw ProblemException.invalid("limit", "must be between 1 and 1000");
        }
        return store.list(Optional.ofNullable(status), limit);
    }

    @GET
    @Path("/{id}")
    public DeadLetterStore.Entry get(@PathParam("id") long id) {
        return store.find(id).orElseThrow(() -> ProblemException.notFound("dead letter", String.valueOf(id)));
    }

    @POST
    @Path("/{id}/redrive")
    public Redrive redrive(@PathParam("id") long id) {
        Redrive result = redriveOne(id);
        if (result.error() != null) {
            throw ProblemException.conflict("Dead letter " + id + " failed again: " + result.error()
                    + ". It stays DEAD; fix the cause and redrive again");
        }
        return result;
    }

    @POST
    @Path("/redrive")
    public List<Redrive> redriveAll() {
        return store.list(Optional.of(DeadLetterStore.DEAD), 1000).stream().map(e -> redriveOne(e.id())).toList();
    }

    private Redrive redriveOne(long id) {
        DeadLetterStore.Entry entry = get(id);
        if (!DeadLetterStore.DEAD.equals(entry.status())) {
            return new Redrive(id, entry.status(), "ALREADY_REDRIVEN", null);
        }
        CloudEvent event = store.event(id).orElseThrow(() -> ProblemException.conflict("Dead letter " + id
                + " is not a CloudEvent (" + entry.error() + "); it cannot be redriven, only inspected"));
        try {
            EventDispatcher.Outcome outcome = dispatcher.dispatch(event, entry.topic());
            store.markRedriven(id);
            LOG.info(() -> "Redrove dead letter " + id + " (" + event + "): " + outcome);
            return new Redrive(id, DeadLetterStore.REDRIVEN, outcome.name(), null);
        } catch (RuntimeException e) {
            store.recordFailedRedrive(id, e);
            return new Redrive(id, DeadLetterStore.DEAD, "FAILED", String.valueOf(e.getMessage()));
        }
    }
}
