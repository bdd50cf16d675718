package dev.mosaic.inventory.api;

import dev.mosaic.inventory.domain.InventoryService;
import dev.mosaic.inventory.domain.Stock;
import dev.mosaic.platform.web.Access;
import dev.mosaic.platform.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Public stock: how many units of a sku can still be ordered. */
// Live stock for shoppers: any signed-in user, and the gateway for anonymous ones.
@Access(roles = {Access.CUSTOMER, Access.ADMIN}, workloads = "gateway")
@Path("/stock")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class StockResource {

    private final InventoryService inventory;

    @Inject
    public StockResource(InventoryService inventory) {
        this.inventory = inventory;
    }

    @GET
    @Path("/{sku}")
    public StockView get(@PathParam("sku") String sku) {
        if (!Stock.isSku(sku)) {
            throw ProblemException.notFound("sku", sku.substring(0, Math.min(sku.length(), 64)));
        }
        return StockView.of(inventory.stock(sku));
    }
}
