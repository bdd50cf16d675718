package dev.mosaic.notifications.messaging;

import java.util.List;

import dev.mosaic.platform.messaging.PayloadCheck;

/**
 * This service's copies of the payloads it is told about (docs/saga.md), with their contract checks; unknown fields
 * are ignored. A payload that breaks its contract can never be told, so its check sends it to the dead letters.
 */
public final class Facts {

    public static final String ORDERS = "orders.events";
    public static final String PAYMENTS = "payments.events";

    private Facts() {
    }

    /** {@value #TYPE}: the order was received, with its items and total. */
    public record OrderPlaced(String orderId, String customerId, List<Line> lines, MoneyPayload total) {

        public static final String TYPE = "dev.mosaic.order.placed.v1";

        /** One order line; only the quantity matters here. */
        public record Line(String sku, Integer quantity, MoneyPayload unitPrice) {

            boolean hasQuantity() {
                return quantity != null && quantity > 0;
            }
        }

        OrderPlaced checked() {
            PayloadCheck.of(TYPE).text(orderId, "orderId", 64).text(customerId, "customerId", 128)
                    .that(lines != null && !lines.isEmpty(), "lines must list at least one line")
                    .that(lines == null || lines.stream().allMatch(l -> l != null && l.hasQuantity()),
                          "every line needs a positive quantity")
                    .amount(total, "total", false)
                    .orThrow();
            return this;
        }

        /** Units ordered, over all lines: what a customer counts as "items". */
        int items() {
            return lines.stream().mapToInt(Line::quantity).sum();
        }
    }

    /** {@value #TYPE}: the order is confirmed. */
    public record OrderConfirmed(String orderId, String customerId, MoneyPayload total) {

        public static final String TYPE = "dev.mosaic.order.confirmed.v1";

        OrderConfirmed checked() {
            PayloadCheck.of(TYPE).text(orderId, "orderId", 64).text(customerId, "customerId", 128)
                    .amount(total, "total", false).orThrow();
            return this;
        }
    }

    /** {@value #TYPE}: the order is cancelled, and why. */
    public record OrderCancelled(String orderId, String customerId, String reason, MoneyPayload total) {

        public static final String TYPE = "dev.mosaic.order.cancelled.v1";

        OrderCancelled checked() {
            PayloadCheck.of(TYPE).text(orderId, "orderId", 64).text(customerId, "customerId", 128).orThrow();
            return this;
        }
    }

    /** {@value #TYPE}: the payment is authorized. */
    public record PaymentAuthorized(String orderId, String customerId, String paymentId, MoneyPayload amount) {

        public static final String TYPE = "dev.mosaic.payment.authorized.v1";

        PaymentAuthorized checked() {
            PayloadCheck.of(TYPE).text(orderId, "orderId", 64).text(customerId, "customerId", 128)
                    .amount(amount, "amount", false).orThrow();
            return this;
        }
    }

    /** {@value #TYPE}: the payment did not go through and nothing was charged. */
    public record PaymentDeclined(String orderId, String customerId, String reason) {

        public static final String TYPE = "dev.mosaic.payment.declined.v1";

        PaymentDeclined checked() {
            PayloadCheck.of(TYPE).text(orderId, "orderId", 64).text(customerId, "customerId", 128).orThrow();
            return this;
        }
    }

    /** {@value #TYPE}: the money is on its way back. */
    public record PaymentRefunded(String orderId, String customerId, String paymentId, MoneyPayload amount) {

        public static final String TYPE = "dev.mosaic.payment.refunded.v1";

        PaymentRefunded checked() {
            PayloadCheck.of(TYPE).text(orderId, "orderId", 64).text(customerId, "customerId", 128)
                    .amount(amount, "amount", false).orThrow();
            return this;
        }
    }
}
