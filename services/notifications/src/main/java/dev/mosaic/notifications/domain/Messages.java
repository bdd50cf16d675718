package dev.mosaic.notifications.domain;

/** The words customers read: one sentence or two per event, money as {@code EUR 25.80}, order ids shortened. */
public final class Messages {

    private Messages() {
    }

    public static String orderPlaced(String orderId, int items, Money total) {
        return "We received your order " + shortId(orderId) + ": " + items(items) + ", " + total.format()
                + ". We will let you know once it is confirmed.";
    }

    /** {@code items} is null when the placed order was never seen here (it is then left out, not guessed). */
    public static String orderConfirmed(String orderId, Integer items, Money total) {
        return "Your order " + shortId(orderId) + " is confirmed: "
                + (items == null ? "" : items(items) + ", ") + total.format() + ".";
    }

    public static String orderCancelled(String orderId, String reason) {
        String order = "Order " + shortId(orderId) + " was cancelled";
        return switch (reason == null ? "" : reason) {
            case "OUT_OF_STOCK" -> order + ": an item is out of stock. Nothing was charged.";
            case "PAYMENT_DECLINED" -> order + ": the payment was declined. Nothing was charged.";
            // These can come after a payment was taken: the refund has its own notification.
            case "TIMEOUT" -> order + ": it could not be completed in time. "
                    + "If you were charged, the amount will be refunded.";
            case "CUSTOMER_CANCELLED" -> order + " as you asked. If you were charged, the amount will be refunded.";
            default -> order + ". If you were charged, the amount will be refunded.";
        };
    }

    public static String paymentAuthorized(String orderId, Money amount) {
        return "Payment of " + amount.format() + " for order " + shortId(orderId) + " is authorized.";
    }

    public static String paymentDeclined(String orderId, String reason) {
        String why = switch (reason == null ? "" : reason) {
            case "CARD_DECLINED" -> "the card was declined";
            case "UNKNOWN_TOKEN" -> "the payment method was not recognised";
            case "CANCELLED" -> "the order had already been cancelled";
            default -> "the payment was declined";
        };
        return "We could not take payment for order " + shortId(orderId) + ": " + why + ". Nothing was charged.";
    }

    public static String paymentRefunded(String orderId, Money amount) {
        return "We refunded " + amount.format() + " for order " + shortId(orderId)
                + "; it can take a few days to show on your statement.";
    }

    /** The first 8 characters of an order id (a UUID's first group), enough to tell one's orders apart. */
    static String shortId(String orderId) {
        return orderId.length() <= 8 ? orderId : orderId.substring(0, 8) + "…";
    }

    private static String items(int count) {
        return count == 1 ? "1 item" : count + " items";
    }
}
