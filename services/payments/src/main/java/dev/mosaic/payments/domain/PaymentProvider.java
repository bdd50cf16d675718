package dev.mosaic.payments.domain;

/**
 * The card processor payments charges and refunds through. Both calls may throw
 * {@link ProviderUnavailableException}: the provider did not answer, nothing is known to have happened, and the
 * command is retried later.
 */
public interface PaymentProvider {

    /** Decline reason of a card the provider refused. */
    String CARD_DECLINED = "CARD_DECLINED";
    /** Decline reason of a token the provider does not know. */
    String UNKNOWN_TOKEN = "UNKNOWN_TOKEN";

    /**
     * Asks for {@code amount} on the card behind {@code paymentToken}. {@code orderId} is the idempotency key:
     * a provider that sees the same key again answers the first authorization instead of charging twice.
     */
    Authorization authorize(String orderId, Money amount, String paymentToken);

    /** Gives back the amount of an authorization ({@code reference}). */
    void refund(String orderId, String reference, Money amount);

    /** The provider's answer: approved with its reference, or declined with a reason. */
    record Authorization(boolean approved, String reference, String declineReason) {

        public static Authorization approved(String reference) {
            return new Authorization(true, reference, null);
        }

        public static Authorization declined(String reason) {
            return new Authorization(false, null, reason);
        }
    }
}
