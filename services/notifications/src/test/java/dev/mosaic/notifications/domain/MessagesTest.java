package dev.mosaic.notifications.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The words customers read, exactly. */
class MessagesTest {

    private static final String ORDER = "3f2a9c1e-6b7d-4e0f-9a51-0c2d8e4b7a10";
    private static final Money EUR_25_80 = new Money(2580, "EUR");

    @ParameterizedTest
    @CsvSource({"2580, EUR, EUR 25.80", "5, EUR, EUR 0.05", "0, EUR, EUR 0.00", "100000, EUR, EUR 1000.00",
            "500, JPY, JPY 500", "1234, KWD, KWD 1.234", "199, XTS, XTS 199", "1999, ABC, ABC 19.99"})
    void moneyIsShownInMajorUnitsWithTheCurrencysDecimals(long amount, String currency, String shown) {
        assertThat(new Money(amount, currency).format()).isEqualTo(shown);
    }

    @Test
    void placedOrderNamesItsItemsAndTotal() {
        assertThat(Messages.orderPlaced(ORDER, 2, EUR_25_80))
                .isEqualTo("We received your order 3f2a9c1e…: 2 items, EUR 25.80. We will let you know once it is confirmed.");
        assertThat(Messages.orderPlaced(ORDER, 1, EUR_25_80)).contains(": 1 item, EUR 25.80.");
    }

    @Test
    void confirmationLeavesOutTheItemsWhenTheyAreNotKnown() {
        assertThat(Messages.orderConfirmed(ORDER, 2, EUR_25_80)).isEqualTo("Your order 3f2a9c1e… is confirmed: 2 items, EUR 25.80.");
        assertThat(Messages.orderConfirmed(ORDER, null, EUR_25_80)).isEqualTo("Your order 3f2a9c1e… is confirmed: EUR 25.80.");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "OUT_OF_STOCK       | Order 3f2a9c1e… was cancelled: an item is out of stock. Nothing was charged.",
        "PAYMENT_DECLINED   | Order 3f2a9c1e… was cancelled: the payment was declined. Nothing was charged.",
        "TIMEOUT            | Order 3f2a9c1e… was cancelled: it could not be completed in time. If you were charged, the amount will be refunded.",
        "CUSTOMER_CANCELLED | Order 3f2a9c1e… was cancelled as you asked. If you were charged, the amount will be refunded.",
        "SOMETHING_NEW      | Order 3f2a9c1e… was cancelled. If you were charged, the amount will be refunded."})
    void cancellationSaysWhyInWords(String reason, String message) {
        assertThat(Messages.orderCancelled(ORDER, reason)).isEqualTo(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "CARD_DECLINED | the card was declined",
        "UNKNOWN_TOKEN | the payment method was not recognised",
        "CANCELLED     | the order had already been cancelled",
        "SOMETHING_NEW | the payment was declined"})
    void declineSaysWhyAndThatNothingWasCharged(String reason, String why) {
        assertThat(Messages.paymentDeclined(ORDER, reason))
                .isEqualTo("We could not take payment for order 3f2a9c1e…: " + why + ". Nothing was charged.");
    }

    @Test
    void paymentsNameTheirAmount() {
        assertThat(Messages.paymentAuthorized(ORDER, EUR_25_80)).isEqualTo("Payment of EUR 25.80 for order 3f2a9c1e… is authorized.");
        assertThat(Messages.paymentRefunded(ORDER, EUR_25_80))
                .isEqualTo("We refunded EUR 25.80 for order 3f2a9c1e…; it can take a few days to show on your statement.");
    }

    @Test
    void shortOrderIdsAreShownWhole() {
        assertThat(Messages.paymentAuthorized("A-17", EUR_25_80)).contains("order A-17 is");
    }
}
