package dev.mosaic.catalog.api;

import dev.mosaic.catalog.domain.CatalogService;
import dev.mosaic.catalog.domain.Product;
import dev.mosaic.platform.web.Access;
import dev.mosaic.platform.web.ProblemException;
import dev.mosaic.platform.core.Validation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Catalog administration: create and update products. Admins only, checked here: the gateway does not route
 * {@code /admin/products}, so admins call the service's own port.
 */
@Access(roles = Access.ADMIN)
@Path("/admin/products")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class AdminProductsResource {

    private final CatalogService catalog;

    @Inject
    public AdminProductsResource(CatalogService catalog) {
        this.catalog = catalog;
    }

    @POST
    public Response create(ProductRequest request) {
        if (request == null) {
            throw ProblemException.invalid("body", "is required");
        }
        Product product = catalog.create(request.sku(), request.validate(null, new Validation()));
        // A path, not an absolute URI: behind the gateway, this service's own host is not the client's.
        return Response.status(Response.Status.CREATED).header("Location", "/api/products/" + product.sku())
                .entity(ProductView.of(product)).build();
    }

    @PUT
    @Path("/{sku}")
    public ProductView update(@PathParam("sku") String sku, ProductRequest request) {
        if (request == null) {
            throw ProblemException.invalid("body", "is required");
        }
        return ProductView.of(catalog.update(sku, request.validate(sku, new Validation())));
    }
}
