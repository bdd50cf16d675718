package dev.mosaic.orders.persistence;

import java.time.OffsetDateTime;
import java.util.Optional;

import dev.mosaic.orders.domain.Money;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

/** Orders' replica of catalog prices: the newest fact per sku wins, whatever order facts arrive in. */
@ApplicationScoped
public class PriceReplica {

    @PersistenceContext
    EntityManager em;

    @Transactional
    public Optional<Money> find(String sku) {
        return Optional.ofNullable(em.find(ProductPrice.class, sku)).map(p -> new Money(p.amount(), p.currency()));
    }

    /** Records that {@code sku} costs {@code price} as of {@code asOf}; ignored when a newer fact is known. */
    @Transactional
    public void apply(String sku, Money price, OffsetDateTime asOf) {
        ProductPrice known = em.find(ProductPrice.class, sku);
        if (known == null) {
            em.persist(new ProductPrice(sku, price.amount(), price.currency(), asOf));
        } else {
            known.update(price.amount(), price.currency(), asOf);
        }
    }
}
