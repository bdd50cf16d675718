package dev.mosaic.catalog.api;

import dev.mosaic.catalog.domain.Product;

/** A product as the API shows it. */
public record ProductView(String sku, String name, String description, String category, MoneyView price,
                          String imageUrl) {

    static ProductView of(Product p) {
        return new ProductView(p.sku(), p.name(), p.description(), p.category(), MoneyView.of(p.price()), p.imageUrl());
    }
}
