package dev.mosaic.inventory.api;

import dev.mosaic.inventory.domain.InventoryService;
import dev.mosaic.inventory.domain.Stock;
import dev.mosaic.platform.web.Access;
import dev.mosaic.platform.web.ProblemException;
import dev.mosaic.platform.core.Validation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Stock administration: set what is on the shelf, and see what orders hold. Kept apart from the public resource
 * so the gateway can guard {@code /admin/**} with the admin role.
 */
@Access(roles = Access.ADMIN)
@Path("/admin/stock")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class AdminStockResource {

    private final InventoryService inventory;

    @Inject
    public AdminStockResource(InventoryService inventory) {
        this.inventory = inventory;
    }

    /** Sets the units available (creating an unknown sku); reserved and committed units are left as they are. */
    @PUT
    @Path("/{sku}")
    @Consumes(MediaType.APPLICATION_JSON)
    public AdminStockView set(@PathParam("sku") String sku, StockRequest request) {
        if (request == null) {
            throw ProblemException.invalid("body", "is required");
        }
        return AdminStockView.of(inventory.setAvailable(sku, request.validate(sku, new Validation())));
    }

    @GET
    @Path("/{sku}")
    public AdminStockView get(@PathParam("sku") String sku) {
        if (!Stock.isSku(sku)) {
            throw ProblemException.notFound("sku", sku.substring(0, Math.min(sku.length(), 64)));
        }
        return AdminStockView.of(inventory.stock(sku));
    }
}
