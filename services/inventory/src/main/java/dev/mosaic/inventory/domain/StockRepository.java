package dev.mosaic.inventory.domain;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stock rows in the inventory's own database. The domain's port: the domain says what it needs, persistence (JPA)
 * provides it.
 */
public interface StockRepository {

    Optional<Stock> find(String sku);

    /**
     * Locks the stock rows of {@code skus} for the rest of the transaction ({@code select ... for update}), one by
     * one in sku order: two transactions needing the same rows take them in the same order, so neither deadlocks.
     * Unknown skus are absent from the answer.
     */
    Map<String, Stock> lock(List<String> skus);

    void add(Stock stock);
}
