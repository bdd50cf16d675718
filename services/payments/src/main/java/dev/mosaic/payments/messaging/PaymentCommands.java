package dev.mosaic.payments.messaging;

import dev.mosaic.payments.domain.AuthorizePayment;
import dev.mosaic.payments.domain.RefundPayment;
import dev.mosaic.platform.messaging.PayloadCheck;

/** This service's copies of the {@code payments.commands} payloads (docs/saga.md); unknown fields are ignored. */
public final class PaymentCommands {

    public static final String TOPIC = "payments.commands";

    private PaymentCommands() {
    }

    /** {@value #TYPE} from orders: take the payment of an order. */
    public record Authorize(String orderId, String customerId, MoneyPayload amount, String paymentToken) {

        public static final String TYPE = "dev.mosaic.payment.authorize.v1";

        AuthorizePayment toCommand() {
            PayloadCheck.of(TYPE).text(orderId, "orderId", 64).text(customerId, "customerId", 128)
                    .amount(amount, "amount", true).text(paymentToken, "paymentToken", 200).orThrow();
            return new AuthorizePayment(orderId, customerId, amount.toMoney(), paymentToken);
        }
    }

    /** {@value #TYPE} from orders: give back what was taken for an order, or make sure nothing will be. */
    public record Refund(String orderId, String customerId, String reason) {

        public static final String TYPE = "dev.mosaic.payment.refund.v1";

        RefundPayment toCommand() {
            PayloadCheck.of(TYPE).text(orderId, "orderId", 64).text(customerId, "customerId", 128)
                    .optionalText(reason, "reason", 64).orThrow();
            return new RefundPayment(orderId, customerId, reason);
        }
    }
}
