package dev.mosaic.notifications.messaging;

import dev.mosaic.notifications.domain.NotificationService;
import dev.mosaic.platform.events.CloudEvent;
import dev.mosaic.platform.events.EventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** {@value #TYPE}: tell the customer the payment did not go through and nothing was charged. */
@ApplicationScoped
public class PaymentDeclinedHandler implements EventHandler<PaymentDeclinedHandler.PaymentDeclined> {

    public static final String TYPE = "dev.mosaic.payment.declined.v1";

    /** This service's copy of the event's payload (docs/saga.md); unknown fields are ignored. */
    public record PaymentDeclined(String orderId, String customerId, String reason) {

        void check() {
            Payloads.check(TYPE)
                    .text(orderId, "orderId", 64)
                    .text(customerId, "customerId", 128)
                    .orThrow();
        }
    }

    private final NotificationService notifications;

    @Inject
    public PaymentDeclinedHandler(NotificationService notifications) {
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
    public Class<PaymentDeclined> payloadType() {
        return PaymentDeclined.class;
    }

    @Override
    public void handle(PaymentDeclined payload, CloudEvent event) {
        payload.check();
        notifications.paymentDeclined(Payloads.origin(event), payload.orderId(), payload.customerId(),
                payload.reason());
    }
}
