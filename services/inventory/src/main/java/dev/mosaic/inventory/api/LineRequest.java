package dev.mosaic.inventory.api;

import java.math.BigDecimal;

import dev.mosaic.inventory.domain.Line;

/** A requested line: {@code {"sku", "quantity"}}; the quantity is read exactly (see {@link Line#of}). */
public record LineRequest(String sku, BigDecimal quantity) {

    Line toLine() {
        return Line.of(sku, quantity);
    }
}
