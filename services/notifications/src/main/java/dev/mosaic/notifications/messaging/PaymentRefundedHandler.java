package dev.mosaic.notifications.messaging;

import dev.mosaic.notifications.domain.NotificationService;
import dev.mosaic.platform.events.CloudEvent;
import dev.mosaic.platform.events.EventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** {@value #TYPE}: tell the customer the money is on its way back. */
@ApplicationScoped
public class PaymentRefundedHandler implements EventHandler<PaymentRefundedHandler.PaymentRefunded> {

    public static final String TYPE = "dev.mosaic.payment.refunded.v1";

    /** This service's copy of the event's payload (docs/saga.md); unknown fields are ignored. */
    public record PaymentRefunded(String orderId, String customerId, String paymentId, MoneyPayload amount) {

        void check() {
            Payloads.check(TYPE)
                    .text(orderId, "orderId", 64)
                    .text(customerId, "customerId", 128)
                    .money(amount, "amount")
                    .orThrow();
        }
    }

    private final NotificationService notifications;

    @Inject
    public PaymentRefundedHandler(NotificationService notifications) {
        this.notifications = notifications;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String topic() {
        return "payments.events";
    }

    @Override
    public Class<PaymentRefunded> payloadType() {
        return PaymentRefunded.class;
    }

    @Override
    public void handle(PaymentRefunded payload, CloudEvent event) {
        payload.check();
        notifications.paymentRefunded(Payloads.origin(event), payload.orderId(), payload.customerId(),
                payload.amount().toMoney());
    }
}
