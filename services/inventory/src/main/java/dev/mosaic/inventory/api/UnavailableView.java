package dev.mosaic.inventory.api;

import dev.mosaic.inventory.domain.Unavailable;

/** A line that did not fit: {@code {"sku", "requested", "available"}}. */
public record UnavailableView(String sku, int requested, int available) {

    static UnavailableView of(Unavailable u) {
        return new UnavailableView(u.sku(), u.requested(), u.available());
    }
}
