package dev.mosaic.orders.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The part of catalog's API orders uses: one product's price. Base URL: {@code catalog/mp-rest/url}. */
@RegisterRestClient(configKey = "catalog")
@Path("/products")
public interface CatalogClient {

    /** Orders' own view of a catalog product: only what it needs. */
    record Product(String sku, Price price) {
    }

    /** Catalog's money shape. */
    record Price(Long amount, String currency) {
    }

    @GET
    @Path("/{sku}")
    @Produces(MediaType.APPLICATION_JSON)
    Response product(@PathParam("sku") String sku);
}
