package dev.mosaic.payments.messaging;

import dev.mosaic.payments.domain.AuthorizePayment;
import dev.mosaic.payments.domain.PaymentService;
import dev.mosaic.platform.events.CloudEvent;
import dev.mosaic.platform.events.EventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** {@value #TYPE} from orders: take the payment of an order. */
@ApplicationScoped
public class AuthorizePaymentHandler implements EventHandler<AuthorizePaymentHandler.Authorize> {

    public static final String TYPE = "dev.mosaic.payment.authorize.v1";

    /** This service's copy of the command's payload (docs/saga.md). */
    public record Authorize(String orderId, String customerId, MoneyPayload amount, String paymentToken) {

        AuthorizePayment toCommand() {
            PayloadCheck check = new PayloadCheck(TYPE);
            String order = check.text(orderId, "orderId", 64);
            String customer = check.text(customerId, "customerId", 128);
            var money = check.positiveMoney(amount, "amount");
            String token = check.text(paymentToken, "paymentToken", 200);
            check.orThrow();
            return new AuthorizePayment(order, customer, money, token);
        }
    }

    private final PaymentService payments;

    @Inject
    public AuthorizePaymentHandler(PaymentService payments) {
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
    public Class<Authorize> payloadType() {
        return Authorize.class;
    }

    @Override
    public void handle(Authorize payload, CloudEvent event) {
        payments.authorize(payload.toCommand());
    }
}
