package dev.mosaic.platform.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects every field error of a request or command before failing, so the caller can fix them all at once. The
 * failure is a {@link DomainException.Invalid}: the web layer answers it as a 400 problem listing the fields.
 */
public final class Validation {

    private final List<FieldError> errors = new ArrayList<>();

    public Validation check(boolean valid, String field, String message) {
        if (!valid) {
            errors.add(new FieldError(field, message));
        }
        return this;
    }

    /** Fails the field if {@code value} is null; returns whether it was present. */
    public boolean required(Object value, String field) {
        check(value != null, field, "is required");
        return value != null;
    }

    /**
     * An optional integer query or header value: {@code defaultValue} when absent, else it must be a whole
     * number from {@code min} to {@code max} (an error for {@code field} otherwise, and the default returned).
     */
    public int integer(String value, String field, int defaultValue, int min, int max) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            int number = Integer.parseInt(value.strip());
            check(number >= min && number <= max, field, "must be between " + min + " and " + max);
            return number;
        } catch (NumberFormatException e) {
            check(false, field, "must be an integer");
            return defaultValue;
        }
    }

    public boolean isValid() {
        return errors.isEmpty();
    }

    /** Throws {@link DomainException.Invalid} listing every field error collected, if any. */
    public void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw DomainException.invalid(errors);
        }
    }
}
