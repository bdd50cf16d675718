package dev.mosaic.platform.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Contract checks of an inbound payload, collected so one failure names every broken field. A payload that breaks
 * its contract can never be handled, however often it is retried, so {@link #orThrow()} fails with
 * {@link InvalidEventException} and the event goes to the dead letters at once.
 *
 * <pre>{@code
 * PayloadCheck.of(TYPE).text(orderId, "orderId", 64).amount(total, "total", true).orThrow();
 * }</pre>
 */
public final class PayloadCheck {

    /** Money as events carry it: {@code {"amount": <minor units>, "currency": "EUR"}}, boxed so absence is seen. */
    public interface Amount {
        Long amount();

        String currency();
    }

    private static final Pattern CURRENCY = Pattern.compile("^[A-Z]{3}$");

    private final String type;
    private final List<String> problems = new ArrayList<>();

    private PayloadCheck(String type) {
        this.type = type;
    }

    /** The checks of a payload of event type {@code type}. */
    public static PayloadCheck of(String type) {
        return new PayloadCheck(type);
    }

    /** A required, non-blank text of at most {@code max} characters. */
    public PayloadCheck text(String value, String field, int max) {
        if (value == null || value.isBlank()) {
            problems.add(field + " is required");
        } else if (value.length() > max) {
            problems.add(field + " is longer than " + max + " characters");
        }
        return this;
    }

    /** An optional text, of at most {@code max} characters when present. */
    public PayloadCheck optionalText(String value, String field, int max) {
        return value == null ? this : text(value, field, max);
    }

    /** A required amount in a currency: greater than zero when {@code positive}, otherwise not negative. */
    public PayloadCheck amount(Amount money, String field, boolean positive) {
        if (money == null) {
            problems.add(field + " is required");
            return this;
        }
        if (money.amount() == null) {
            problems.add(field + ".amount is required (minor units)");
        } else if (positive && money.amount() <= 0) {
            problems.add(field + ".amount must be positive (minor units), was " + money.amount());
        } else if (money.amount() < 0) {
            problems.add(field + ".amount must not be negative (minor units), was " + money.amount());
        }
        if (money.currency() == null || !CURRENCY.matcher(money.currency()).matches()) {
            problems.add(field + ".currency must be an ISO 4217 code such as EUR");
        }
        return this;
    }

    /** Any other rule: {@code problem} is reported unless {@code valid}. */
    public PayloadCheck that(boolean valid, String problem) {
        if (!valid) {
            problems.add(problem);
        }
        return this;
    }

    /** Fails with every problem found, if there is any. */
    public void orThrow() {
        if (!problems.isEmpty()) {
            throw new InvalidEventException("Payload of " + type + " breaks its contract: " + String.join("; ", problems));
        }
    }
}
