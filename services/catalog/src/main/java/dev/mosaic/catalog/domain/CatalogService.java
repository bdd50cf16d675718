package dev.mosaic.catalog.domain;

import java.time.Clock;
import java.time.Instant;

import dev.mosaic.platform.core.DomainException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** The catalog's use cases; each is one transaction, and its events commit (or not) with it. */
@ApplicationScoped
public class CatalogService {

    private final ProductRepository products;
    private final ProductEvents events;
    private final Clock clock = Clock.systemUTC();

    @Inject
    public CatalogService(ProductRepository products, ProductEvents events) {
        this.products = products;
        this.events = events;
    }

    @Transactional
    public ProductPage search(String query, String category, int page, int size) {
        return products.search(query, category, page, size);
    }

    @Transactional
    public Product get(String sku) {
        return products.find(sku).orElseThrow(() -> DomainException.notFound("product", sku));
    }

    @Transactional
    public Product create(String sku, ProductDetails details) {
        if (products.find(sku).isPresent()) {
            throw DomainException.conflict("product '" + sku + "' already exists; update it with PUT instead");
        }
        Product product = new Product(sku, details, Instant.now(clock));
        products.add(product);
        events.created(product);
        product.announced();
        return product;
    }

    /**
     * Writes product.created for every product that was never announced (the demo catalog, inserted by a
     * migration), so that the services replicating the catalog from its events know every product; returns how many.
     */
    @Transactional
    public int announcePending() {
        int count = 0;
        for (Product product : products.unannounced()) {
            events.created(product);
            product.announced();
            count++;
        }
        return count;
    }

    @Transactional
    public Product update(String sku, ProductDetails details) {
        Product product = get(sku);
        Money previous = product.apply(details, Instant.now(clock));
        if (!previous.equals(product.price())) {
            events.priceChanged(product, previous);
        }
        return product;
    }
}
