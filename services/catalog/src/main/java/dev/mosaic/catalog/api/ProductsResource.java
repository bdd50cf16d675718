package dev.mosaic.catalog.api;

import dev.mosaic.catalog.domain.CatalogService;
import dev.mosaic.catalog.domain.ProductPage;
import dev.mosaic.platform.web.Access;
import dev.mosaic.platform.web.ProblemException;
import dev.mosaic.platform.core.Validation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** The public, read-only catalog: search and get. */
// Browsing: any signed-in user, the gateway (for anonymous shoppers) and orders (prices).
@Access(roles = {Access.CUSTOMER, Access.ADMIN}, workloads = {"gateway", "orders"})
@Path("/products")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class ProductsResource {

    static final int MAX_PAGE_SIZE = 100;

    private final CatalogService catalog;

    @Inject
    public ProductsResource(CatalogService catalog) {
        this.catalog = catalog;
    }

    /** Search by text {@code q} in name and description and/or exact {@code category}; pages count from 0. */
    @GET
    public PageView search(@QueryParam("q") String q, @QueryParam("category") String category,
                           @QueryParam("page") String page, @QueryParam("size") String size) {
        Validation v = new Validation();
        int pageNumber = v.integer(page, "page", 0, 0, 100_000);
        int pageSize = v.integer(size, "size", 20, 1, MAX_PAGE_SIZE);
        v.check(q == null || q.length() <= 200, "q", "must be at most 200 characters");
        v.check(category == null || category.length() <= 64, "category", "must be at most 64 characters");
        v.throwIfInvalid();
        ProductPage result = catalog.search(q, category == null || category.isBlank() ? null : category,
                pageNumber, pageSize);
        return new PageView(result.items().stream().map(ProductView::of).toList(), result.page(), result.size(),
                result.total());
    }

    @GET
    @Path("/{sku}")
    public ProductView get(@PathParam("sku") String sku) {
        if (sku.length() > 64) {
            throw ProblemException.notFound("product", sku.substring(0, 64) + "…");
        }
        return ProductView.of(catalog.get(sku));
    }

}
