package dev.mosaic.payments.persistence;

import java.util.List;
import java.util.Optional;

import dev.mosaic.payments.domain.Payment;
import dev.mosaic.payments.domain.PaymentRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/** The domain's {@link PaymentRepository} on JPA. */
@ApplicationScoped
public class JpaPaymentRepository implements PaymentRepository {

    @PersistenceContext
    EntityManager em;

    @Override
    public Optional<Payment> find(String orderId) {
        return Optional.ofNullable(em.find(Payment.class, orderId));
    }

    @Override
    public void add(Payment payment) {
        em.persist(payment);
    }

    @Override
    public List<Payment> ofCustomer(String customerId, int limit) {
        return em.createQuery("select p from Payment p where p.customerId = :customer "
                        + "order by p.createdAt desc, p.orderId", Payment.class)
                .setParameter("customer", customerId)
                .setMaxResults(limit)
                .getResultList();
    }
}
