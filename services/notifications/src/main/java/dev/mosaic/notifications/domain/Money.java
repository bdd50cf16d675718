package dev.mosaic.notifications.domain;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;

/** An amount in minor units (cents) of an ISO 4217 currency. */
public record Money(long amount, String currency) {

    public Money {
        Objects.requireNonNull(currency, "currency");
    }

    /** As people read it: {@code EUR 25.80} from 2580, {@code JPY 500} from 500 (yen have no minor unit). */
    public String format() {
        return currency + " " + BigDecimal.valueOf(amount, fractionDigits()).toPlainString();
    }

    private int fractionDigits() {
        try {
            return Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        } catch (IllegalArgumentException e) {
            return 2;
        }
    }
}
