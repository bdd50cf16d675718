package dev.mosaic.orders.client;

import java.util.Optional;

import dev.mosaic.orders.domain.Money;
import dev.mosaic.orders.domain.Prices;
import dev.mosaic.orders.persistence.PriceReplica;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Prices from the replica first; a sku not replicated yet is asked of catalog (see {@link CatalogLookup}). */
@ApplicationScoped
public class CatalogPrices implements Prices {

    private final PriceReplica replica;
    private final CatalogLookup catalog;

    @Inject
    public CatalogPrices(PriceReplica replica, CatalogLookup catalog) {
        this.replica = replica;
        this.catalog = catalog;
    }

    @Override
    public Optional<Money> unitPrice(String sku) {
        Optional<Money> known = replica.find(sku);
        return known.isPresent() ? known : catalog.price(sku);
    }
}
