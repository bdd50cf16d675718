package dev.mosaic.inventory.api;

import dev.mosaic.inventory.domain.Stock;

/** Public stock of a sku: only what can still be ordered. */
public record StockView(String sku, int available) {

    static StockView of(Stock s) {
        return new StockView(s.sku(), s.available());
    }
}
