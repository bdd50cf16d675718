package dev.mosaic.inventory.api;

import dev.mosaic.inventory.domain.Stock;

/** Stock of a sku with what orders hold; the sum of the three is what the last adjustment set. */
public record AdminStockView(String sku, int available, int reserved, int committed) {

    static AdminStockView of(Stock s) {
        return new AdminStockView(s.sku(), s.available(), s.reserved(), s.committed());
    }
}
