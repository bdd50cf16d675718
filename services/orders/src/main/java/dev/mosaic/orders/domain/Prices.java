package dev.mosaic.orders.domain;

import java.util.Optional;

/** Where orders gets product prices: its replica fed by catalog events, else catalog itself. */
public interface Prices {

    /**
     * The current unit price of {@code sku}; empty when catalog says the product does not exist.
     *
     * @throws dev.mosaic.platform.web.ProblemException 503 when the price is neither replicated nor obtainable
     */
    Optional<Money> unitPrice(String sku);
}
