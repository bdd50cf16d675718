package dev.mosaic.payments.messaging;

import dev.mosaic.payments.domain.Money;
import dev.mosaic.payments.domain.Payment;
import dev.mosaic.payments.domain.PaymentEvents;
import dev.mosaic.platform.messaging.CloudEvent;
import dev.mosaic.platform.messaging.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

/** Publishes payment outcomes to {@code payments.events} through the outbox (schemas in docs/events/). */
@ApplicationScoped
public class OutboxPaymentEvents implements PaymentEvents {

    public static final String TOPIC = "payments.events";
    public static final String SOURCE = "/mosaic/payments";
    public static final String AUTHORIZED = "dev.mosaic.payment.authorized.v1";
    public static final String DECLINED = "dev.mosaic.payment.declined.v1";
    public static final String REFUNDED = "dev.mosaic.payment.refunded.v1";

    private static final Jsonb JSON = JsonbBuilder.create();

    /** Payload of {@value #AUTHORIZED}. */
    public record PaymentAuthorized(String orderId, String customerId, String paymentId, Money amount) {
    }

    /** Payload of {@value #DECLINED}. */
    public record PaymentDeclined(String orderId, String customerId, String reason) {
    }

    /** Payload of {@value #REFUNDED}. */
    public record PaymentRefunded(String orderId, String customerId, String paymentId, Money amount) {
    }

    private final Outbox outbox;

    @Inject
    public OutboxPaymentEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public void authorized(Payment payment) {
        publish(AUTHORIZED, payment, new PaymentAuthorized(payment.orderId(), payment.customerId(), payment.paymentId(),
                payment.amount().orElseThrow()));
    }

    @Override
    public void declined(Payment payment, String reason) {
        publish(DECLINED, payment, new PaymentDeclined(payment.orderId(), payment.customerId(), reason));
    }

    @Override
    public void refunded(Payment payment) {
        publish(REFUNDED, payment, new PaymentRefunded(payment.orderId(), payment.customerId(), payment.paymentId(),
                payment.amount().orElseThrow()));
    }

    private void publish(String type, Payment payment, Object payload) {
        // Subject and record key = order id: every message of one order stays in order on one partition.
        outbox.publish(TOPIC, CloudEvent.create(SOURCE, type, payment.orderId(), JSON.toJson(payload)));
    }
}
