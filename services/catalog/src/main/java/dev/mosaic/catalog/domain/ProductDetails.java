package dev.mosaic.catalog.domain;

/** The editable fields of a product, already validated. */
public record ProductDetails(String name, String description, String category, Money price, String imageUrl) {
}
