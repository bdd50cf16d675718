package dev.mosaic.inventory.persistence;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.mosaic.inventory.domain.Stock;
import dev.mosaic.inventory.domain.StockRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;

/** The domain's {@link StockRepository} on JPA. */
@ApplicationScoped
public class JpaStockRepository implements StockRepository {

    // The unnamed unit, as the platform's outbox and inbox inject it: naming it would select another
    // EntityManager, hence another connection per transaction (see OnePersistenceContext).
    @PersistenceContext
    EntityManager em;

    @Override
    public Optional<Stock> find(String sku) {
        return Optional.ofNullable(em.find(Stock.class, sku));
    }

    @Override
    public Map<String, Stock> lock(List<String> skus) {
        Map<String, Stock> rows = new LinkedHashMap<>();
        try {
            for (String sku : skus.stream().distinct().sorted().toList()) {
                Stock row = em.find(Stock.class, sku, LockModeType.PESSIMISTIC_WRITE);
                if (row != null) {
                    rows.put(sku, row);
                }
            }
        } catch (PersistenceException e) {
            throw Contention.translate(e, "stock of " + skus);
        }
        return rows;
    }

    @Override
    public void add(Stock stock) {
        try {
            em.persist(stock);
            em.flush();
        } catch (PersistenceException e) {
            throw Contention.translate(e, "stock of " + stock.sku());
        }
    }
}
