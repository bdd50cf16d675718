package dev.mosaic.platform.web;

import java.util.ArrayList;
import java.util.List;

/** Collects every field error of a request before failing, so the caller can fix them all at once. */
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

    public boolean isValid() {
        return errors.isEmpty();
    }

    /** Throws a 400 problem listing every field error collected, if any. */
    public void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }
}
