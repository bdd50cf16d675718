package dev.mosaic.notifications.messaging;

import dev.mosaic.notifications.domain.NotificationService;
import dev.mosaic.platform.events.CloudEvent;
import dev.mosaic.platform.events.EventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** {@value #TYPE}: tell the customer the payment is authorized. */
@ApplicationScoped
public class PaymentAuthorizedHandler implements EventHandler<PaymentAuthorizedHandler.PaymentAuthorized> {

    public static final String TYPE = "dev.mosaic.payment.authorized.v1";

    /** This service's copy of the event's payload (docs/saga.md); unknown fields are ignored. */
    public record PaymentAuthorized(String orderId, String customerId, String paymentId, MoneyPayload amount) {

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
    public PaymentAuthorizedHandler(NotificationService notifications) {
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
    public Class<PaymentAuthorized> payloadType() {
        return PaymentAuthorized.class;
    }

    @Override
    public void handle(PaymentAuthorized payload, CloudEvent event) {
        payload.check();
        notifications.paymentAuthorized(Payloads.origin(event), payload.orderId(), payload.customerId(),
                payload.amount().toMoney());
    }
}
