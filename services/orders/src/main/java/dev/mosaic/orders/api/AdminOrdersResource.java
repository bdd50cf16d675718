package dev.mosaic.orders.api;

import java.util.List;

import dev.mosaic.orders.domain.OrderQueries;
import dev.mosaic.platform.web.Access;
import dev.mosaic.platform.web.Callers;
import dev.mosaic.platform.web.ProblemException;
import dev.mosaic.platform.core.Validation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/** For operators (the gateway's operations page): everyone's newest orders with their saga timeline. Admins only. */
@Access(roles = Access.ADMIN)
@Path("/admin/orders")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class AdminOrdersResource {

    private final OrderQueries orders;

    @Inject
    public AdminOrdersResource(OrderQueries orders) {
        this.orders = orders;
    }

    @GET
    public List<AdminOrderView> newest(@Context SecurityContext security,
                                       @QueryParam("limit") @DefaultValue("20") String limit) {
        if (!Callers.isAdmin(security)) {
            // Anonymous: 401 from customerId; a customer: 403.
            Callers.customerId(security);
            throw ProblemException.forbidden("Everyone's orders are for admins; this token does not grant 'admin'");
        }
        Validation v = new Validation();
        int max = v.integer(limit, "limit", 20, 1, 200);
        v.throwIfInvalid();
        return orders.newest(max).stream().map(AdminOrderView::of).toList();
    }
}
