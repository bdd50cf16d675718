package dev.mosaic.catalog.domain;

/** What the catalog tells the rest of the system; published in the transaction of the change. */
public interface ProductEvents {

    void created(Product product);

    void priceChanged(Product product, Money previousPrice);
}
