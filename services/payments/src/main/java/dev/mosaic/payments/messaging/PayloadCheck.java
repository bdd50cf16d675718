package dev.mosaic.payments.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.mosaic.payments.domain.Money;
import dev.mosaic.platform.events.InvalidEventException;

/**
 * Contract checks of an inbound payload. A command that breaks its contract can never succeed, however often
 * it is retried, so it fails as {@link InvalidEventException} and goes to the dead letters at once.
 */
final class PayloadCheck {

    private static final Pattern CURRENCY = Pattern.compile("^[A-Z]{3}$");

    private final String type;
    private final List<String> problems = new ArrayList<>();

    PayloadCheck(String type) {
        this.type = type;
    }

    /** A required, non-blank text of at most {@code max} characters. */
    String text(String value, String field, int max) {
        if (value == null || value.isBlank()) {
            problems.add(field + " is required");
        } else if (value.length() > max) {
            problems.add(field + " is longer than " + max + " characters");
        }
        return value;
    }

    /** An optional text of at most {@code max} characters. */
    String optionalText(String value, String field, int max) {
        return value == null ? null : text(value, field, max);
    }

    /** A required, positive amount of money. */
    Money positiveMoney(MoneyPayload money, String field) {
        if (money == null) {
            problems.add(field + " is required");
            return null;
        }
        if (money.amount() == null) {
            problems.add(field + ".amount is required");
        } else if (money.amount() <= 0) {
            problems.add(field + ".amount must be positive (minor units), was " + money.amount());
        }
        if (money.currency() == null || !CURRENCY.matcher(money.currency()).matches()) {
            problems.add(field + ".currency must be an ISO 4217 code such as EUR");
        }
        return problems.isEmpty() ? new Money(money.amount(), money.currency()) : null;
    }

    void orThrow() {
        if (!problems.isEmpty()) {
            throw new InvalidEventException("Payload of " + type + " breaks its contract: " + String.join("; ", problems));
        }
    }
}
