package dev.mosaic.inventory.api;

import dev.mosaic.inventory.domain.Line;

/** A line of a reservation as the API shows it: {@code {"sku", "quantity"}}. */
public record LineView(String sku, int quantity) {

    static LineView of(Line line) {
        return new LineView(line.sku(), line.quantity());
    }
}
