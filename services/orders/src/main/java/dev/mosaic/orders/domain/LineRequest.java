package dev.mosaic.orders.domain;

/** A line as the customer asked for it, validated but not yet priced. */
public record LineRequest(String sku, int quantity) {
}
