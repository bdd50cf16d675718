package dev.mosaic.payments.messaging;

import dev.mosaic.payments.domain.PaymentService;
import dev.mosaic.payments.domain.RefundPayment;
import dev.mosaic.platform.events.CloudEvent;
import dev.mosaic.platform.events.EventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** {@value #TYPE} from orders: give back what was taken for an order, or make sure nothing will be. */
@ApplicationScoped
public class RefundPaymentHandler implements EventHandler<RefundPaymentHandler.Refund> {

    public static final String TYPE = "dev.mosaic.payment.refund.v1";

    /** This service's copy of the command's payload (docs/saga.md). */
    public record Refund(String orderId, String customerId, String reason) {

        RefundPayment toCommand() {
            PayloadCheck check = new PayloadCheck(TYPE);
            String order = check.text(orderId, "orderId", 64);
            String customer = check.text(customerId, "customerId", 128);
            String why = check.optionalText(reason, "reason", 64);
            check.orThrow();
            return new RefundPayment(order, customer, why);
        }
    }

    private final PaymentService payments;

    @Inject
    public RefundPaymentHandler(PaymentService payments) {
        this.payments = payments;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String topic() {
        return "payments.commands";
    }

    @Override
    public Class<Refund> payloadType() {
        return Refund.class;
    }

    @Override
    public void handle(Refund payload, CloudEvent event) {
        payments.refund(payload.toCommand());
    }
}
