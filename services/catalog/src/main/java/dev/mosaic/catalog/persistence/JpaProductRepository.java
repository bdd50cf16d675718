package dev.mosaic.catalog.persistence;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.mosaic.catalog.domain.Product;
import dev.mosaic.catalog.domain.ProductPage;
import dev.mosaic.catalog.domain.ProductRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;

/** The domain's {@link ProductRepository} on JPA. */
@ApplicationScoped
public class JpaProductRepository implements ProductRepository {

    @PersistenceContext
    EntityManager em;

    @Override
    public Optional<Product> find(String sku) {
        return Optional.ofNullable(em.find(Product.class, sku));
    }

    @Override
    public void add(Product product) {
        em.persist(product);
    }

    @Override
    public java.util.List<Product> unannounced() {
        return em.createQuery("select p from Product p where p.announced = false order by p.createdAt, p.sku", Product.class)
                .getResultList();
    }

    @Override
    public ProductPage search(String query, String category, int page, int size) {
        // Conditions are added only when given: "? is null" leaves PostgreSQL unable to type the parameter.
        StringBuilder where = new StringBuilder(" where 1 = 1");
        String q = query == null || query.isBlank() ? null : "%" + escape(query.strip().toLowerCase(Locale.ROOT)) + "%";
        if (q != null) {
            where.append(" and (lower(p.name) like :q escape '\\' or lower(p.description) like :q escape '\\')");
        }
        if (category != null) {
            where.append(" and p.category = :category");
        }
        TypedQuery<Product> items = em.createQuery("select p from Product p" + where + " order by p.name, p.sku", Product.class);
        TypedQuery<Long> count = em.createQuery("select count(p) from Product p" + where, Long.class);
        for (TypedQuery<?> t : List.of(items, count)) {
            if (q != null) {
                t.setParameter("q", q);
            }
            if (category != null) {
                t.setParameter("category", category);
            }
        }
        return new ProductPage(items.setFirstResult(page * size).setMaxResults(size).getResultList(), page, size,
                count.getSingleResult());
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
