package dev.mosaic.inventory.api;

import dev.mosaic.inventory.domain.InventoryService;
import dev.mosaic.inventory.domain.ReserveCommand;
import dev.mosaic.platform.web.Access;
import dev.mosaic.platform.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Reserve, release and commit stock for an order, idempotent by order id: repeating a call answers the
 * reservation as it is. A rejected reservation is an answer (200), not an error.
 */
// Reserving stock is the saga's step: only orders may take, release or commit units.
@Access(workloads = "orders")
@Path("/reservations")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class ReservationsResource {

    private final InventoryService inventory;

    @Inject
    public ReservationsResource(InventoryService inventory) {
        this.inventory = inventory;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public ReservationView reserve(ReserveRequest request) {
        if (request == null) {
            throw ProblemException.invalid("body", "is required");
        }
        return ReservationView.of(inventory.reserve(request.orderId(), request.toLines()));
    }

    @GET
    @Path("/{orderId}")
    public ReservationView get(@PathParam("orderId") String orderId) {
        if (!ReserveCommand.isOrderId(orderId)) {
            throw ProblemException.notFound("reservation of order", orderId.substring(0, Math.min(orderId.length(), 100)));
        }
        return ReservationView.of(inventory.reservation(orderId));
    }

    @POST
    @Path("/{orderId}/release")
    public ReservationView release(@PathParam("orderId") String orderId) {
        return ReservationView.of(inventory.release(orderId));
    }

    @POST
    @Path("/{orderId}/commit")
    public ReservationView commit(@PathParam("orderId") String orderId) {
        return ReservationView.of(inventory.commit(orderId));
    }
}
