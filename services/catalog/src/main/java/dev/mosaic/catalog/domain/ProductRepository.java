package dev.mosaic.catalog.domain;

import java.util.List;
import java.util.Optional;

/**
 * Products in the catalog's own database. The domain's port: the domain says what it needs, persistence (JPA)
 * provides it.
 */
public interface ProductRepository {

    Optional<Product> find(String sku);

    void add(Product product);

    /** Products whose product.created was never written, oldest first. */
    List<Product> unannounced();

    /** Case-insensitive match of {@code query} in name or description, optionally within one category. */
    ProductPage search(String query, String category, int page, int size);
}
