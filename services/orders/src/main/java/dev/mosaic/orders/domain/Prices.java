package dev.mosaic.orders.domain;

import java.util.Optional;

/** Where orders gets product prices: its replica fed by catalog events, else catalog itself. */
public interface Prices {

    /**
     * The current unit price of {@code sku}; empty when catalog says the product does not exist.
     *
     * @throws RuntimeException when the price is neither replicated nor obtainable (the adapter says why; a
     *         request waiting on it is answered 503, an event retried)
     */
    Optional<Money> unitPrice(String sku);
}
