package dev.mosaic.orders.api;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.mosaic.orders.domain.OrderPlacement;
import dev.mosaic.orders.domain.OrderService;
import dev.mosaic.platform.web.Access;
import dev.mosaic.platform.web.Callers;
import dev.mosaic.platform.web.ProblemException;
import dev.mosaic.platform.core.RequestContext;
import dev.mosaic.platform.web.Validation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Placing, reading and cancelling one's own orders. */
@Access(roles = {Access.CUSTOMER, Access.ADMIN})
@Path("/orders")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class OrdersResource {

    private final OrderPlacement placement;
    private final OrderService orders;
    private final Set<String> paymentTokens;

    @Inject
    public OrdersResource(OrderPlacement placement, OrderService orders,
                          @ConfigProperty(name = "orders.payment-tokens", defaultValue = "tok_ok,tok_decline") String tokens) {
        this.placement = placement;
        this.orders = orders;
        this.paymentTokens = Arrays.stream(tokens.split(",")).map(String::strip).collect(Collectors.toUnmodifiableSet());
    }

    /** Accepted means the order will reach CONFIRMED or CANCELLED; follow it at the Location. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response place(@Context SecurityContext security, @HeaderParam("Idempotency-Key") String key,
                          PlaceOrderRequest request) {
        String customerId = Callers.customerId(security);
        if (key != null && (key.isBlank() || key.length() > 100)) {
            throw ProblemException.invalid("Idempotency-Key", "must be 1-100 characters");
        }
        if (request == null) {
            throw ProblemException.invalid("body", "is required");
        }
        var placed = placement.place(customerId, request.validate(paymentTokens), request.paymentToken(), key);
        RequestContext.orderId(placed.order().id());
        return Response.accepted(new Accepted(placed.order().id(), placed.order().status().name()))
                // A path, not an absolute URI: behind the gateway, this service's own host is not the client's.
                .header("Location", "/api/orders/" + placed.order().id())
                .header("Idempotent-Replayed", placed.replayed())
                .build();
    }

    /** The answer to a placement: the order id and where it stands already. */
    public record Accepted(String id, String status) {
    }

    @GET
    @Path("/{id}")
    public OrderView get(@Context SecurityContext security, @PathParam("id") String id) {
        RequestContext.orderId(id);
        return OrderView.of(orders.get(Callers.customerId(security), id));
    }

    /** The caller's orders, newest first. */
    @GET
    public List<OrderView> mine(@Context SecurityContext security,
                                @QueryParam("limit") @DefaultValue("50") String limit) {
        Validation v = new Validation();
        int max = v.integer(limit, "limit", 50, 1, 200);
        v.throwIfInvalid();
        return orders.mine(Callers.customerId(security), max).stream().map(OrderView::of).toList();
    }

    /** Cancels before confirmation (stock released), refunds after; cancelling a cancelled order is harmless. */
    @POST
    @Path("/{id}/cancel")
    public Response cancel(@Context SecurityContext security, @PathParam("id") String id) {
        RequestContext.orderId(id);
        var order = orders.cancelByCustomer(Callers.customerId(security), id);
        return Response.accepted(OrderView.of(order)).build();
    }
}
