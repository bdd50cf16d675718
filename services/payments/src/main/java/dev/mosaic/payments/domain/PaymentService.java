package dev.mosaic.payments.domain;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.logging.Logger;

import dev.mosaic.platform.core.DomainException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Payments' use cases, each one transaction with its events. The rules are the saga contract (docs/saga.md):
 * one payment per order, repeated commands answer the current outcome and never charge twice, and a refund
 * that finds no payment leaves a VOIDED record so a late authorize cannot charge a cancelled order.
 */
@ApplicationScoped
public class PaymentService {

    /** Decline reason of an authorize for an order already refunded or voided. */
    public static final String CANCELLED = "CANCELLED";

    private static final Logger LOG = Logger.getLogger(PaymentService.class.getName());

    private final PaymentRepository payments;
    private final PaymentProvider provider;
    private final PaymentEvents events;
    private final PaymentMeters meters;
    private final Clock clock = Clock.systemUTC();

    @Inject
    public PaymentService(PaymentRepository payments, PaymentProvider provider, PaymentEvents events,
                          PaymentMeters meters) {
        this.payments = payments;
        this.provider = provider;
        this.events = events;
        this.meters = meters;
    }

    /**
     * Takes the payment of an order the first time; afterwards answers (publishes) the outcome it already has.
     * The provider is called inside the transaction: if it fails, nothing is stored and the command is retried.
     */
    @Transactional
    public Payment authorize(AuthorizePayment command) {
        var existing = payments.find(command.orderId());
        if (existing.isPresent()) {
            // A retry by orders (or a command overtaken by a cancellation): answer again, charge nothing.
            Payment payment = existing.get();
            LOG.info(() -> "Authorize of order " + command.orderId() + " answered from its payment, which is "
                    + payment.status());
            announceOutcome(payment);
            return payment;
        }
        PaymentProvider.Authorization answer = provider.authorize(command.orderId(), command.amount(),
                command.paymentToken());
        Instant now = Instant.now(clock);
        Payment payment = answer.approved()
                ? Payment.authorized(command, answer.reference(), now)
                : Payment.declined(command, answer.declineReason(), now);
        payments.add(payment);
        meters.taken(payment);
        LOG.info(() -> "Payment of order " + command.orderId() + " " + payment.status()
                + (payment.reason() == null ? "" : " (" + payment.reason() + ")"));
        announceOutcome(payment);
        return payment;
    }

    /** Gives back an authorized payment once; makes sure a payment that does not exist yet never will. */
    @Transactional
    public Payment refund(RefundPayment command) {
        var existing = payments.find(command.orderId());
        if (existing.isEmpty()) {
            Payment voided = Payment.voided(command, Instant.now(clock));
            payments.add(voided);
            meters.voided();
            LOG.info(() -> "Refund of order " + command.orderId() + " found no payment; voided it so a late "
                    + "authorize is declined");
            return voided;
        }
        Payment payment = existing.get();
        if (payment.status() != PaymentStatus.AUTHORIZED) {
            // DECLINED took nothing; REFUNDED and VOIDED are already done.
            LOG.info(() -> "Refund of order " + command.orderId() + " changes nothing: the payment is " + payment.status());
            return payment;
        }
        Money amount = payment.amount().orElseThrow();
        provider.refund(payment.orderId(), payment.providerReference(), amount);
        payment.refunded(command.reason(), Instant.now(clock));
        LOG.info(() -> "Payment of order " + command.orderId() + " REFUNDED");
        events.refunded(payment);
        meters.refunded();
        return payment;
    }

    @Transactional
    public Payment get(String orderId) {
        return payments.find(orderId).orElseThrow(() -> DomainException.notFound("payment of order", orderId));
    }

    /** A customer's payments, newest first. */
    @Transactional
    public List<Payment> ofCustomer(String customerId, int limit) {
        return payments.ofCustomer(customerId, limit);
    }

    private void announceOutcome(Payment payment) {
        switch (payment.status()) {
            case AUTHORIZED -> events.authorized(payment);
            case DECLINED -> events.declined(payment, payment.reason());
            case REFUNDED, VOIDED -> events.declined(payment, CANCELLED);
        }
    }
}
