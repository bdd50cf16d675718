package dev.mosaic.inventory.domain;

/** A line that did not fit when its reservation was rejected: asked for, and available then (0 for an unknown sku). */
public record Unavailable(String sku, int requested, int available) {
}
