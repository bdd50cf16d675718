package dev.mosaic.catalog.api;

import dev.mosaic.catalog.domain.Money;

/** Money on the wire: {@code {"amount": <minor units>, "currency": "EUR"}}; fields boxed so absence is detected. */
public record MoneyView(Long amount, String currency) {

    static MoneyView of(Money money) {
        return new MoneyView(money.amount(), money.currency());
    }
}
