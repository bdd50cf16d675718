package dev.mosaic.payments.domain;

import java.util.Objects;

/** An amount in minor units (cents) of an ISO 4217 currency. */
public record Money(long amount, String currency) {

    public Money {
        Objects.requireNonNull(currency, "currency");
    }
}
