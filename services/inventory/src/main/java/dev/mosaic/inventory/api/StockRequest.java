package dev.mosaic.inventory.api;

import java.math.BigDecimal;

import dev.mosaic.inventory.domain.Stock;
import dev.mosaic.platform.core.Validation;

/** Body of {@code PUT /admin/stock/{sku}}: the units available, besides what orders hold (read exactly, see Line#of). */
public record StockRequest(BigDecimal available) {

    /** A million units of one sku is a typo, not a warehouse. */
    static final int MAX_AVAILABLE = 1_000_000;

    /** Validates the path's sku and the body together; returns the units. */
    int validate(String sku, Validation v) {
        v.check(Stock.isSku(sku), "sku", "must be 3-64 upper-case letters, digits or dashes");
        if (v.required(available, "available")) {
            v.check(available.stripTrailingZeros().scale() <= 0 && available.signum() >= 0
                    && available.compareTo(BigDecimal.valueOf(MAX_AVAILABLE)) <= 0, "available",
                    "must be a whole number between 0 and " + MAX_AVAILABLE);
        }
        v.throwIfInvalid();
        return available.intValueExact();
    }
}
