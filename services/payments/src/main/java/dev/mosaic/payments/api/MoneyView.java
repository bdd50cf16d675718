package dev.mosaic.payments.api;

import dev.mosaic.payments.domain.Money;

/** Money on the wire: {@code {"amount": <minor units>, "currency": "EUR"}}. */
public record MoneyView(long amount, String currency) {

    static MoneyView of(Money money) {
        return new MoneyView(money.amount(), money.currency());
    }
}
