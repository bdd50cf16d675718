package dev.mosaic.payments.domain;

import java.util.List;
import java.util.Optional;

/**
 * Payments in the payments service's own database. The domain's port: the domain says what it needs, persistence
 * (JPA) provides it.
 */
public interface PaymentRepository {

    Optional<Payment> find(String orderId);

    void add(Payment payment);

    List<Payment> ofCustomer(String customerId, int limit);
}
