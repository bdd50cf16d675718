package dev.mosaic.payments.messaging;

/** Money as events carry it: {@code {"amount": <minor units>, "currency": "EUR"}}; boxed so absence is seen. */
public record MoneyPayload(Long amount, String currency) {
}
