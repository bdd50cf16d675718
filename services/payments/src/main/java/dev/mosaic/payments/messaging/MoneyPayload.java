package dev.mosaic.payments.messaging;

import dev.mosaic.payments.domain.Money;
import dev.mosaic.platform.messaging.PayloadCheck;

/** Money as events carry it: {@code {"amount": <minor units>, "currency": "EUR"}}; boxed so absence is seen. */
public record MoneyPayload(Long amount, String currency) implements PayloadCheck.Amount {

    Money toMoney() {
        return new Money(amount, currency);
    }
}
