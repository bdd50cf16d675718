package dev.mosaic.platform.core;

import java.util.List;

/**
 * A request or command the domain refuses, in the domain's own terms: what it asked for does not exist, it conflicts
 * with what is there, or some of its fields are invalid. Domain code throws these and knows nothing of HTTP or gRPC;
 * each door translates them (platform-web's {@code ProblemMapper}: 404, 409, 400 problems; the gRPC service: status
 * codes). An event handler's refusal is no different: the consumer retries it and then dead-letters it.
 */
public abstract sealed class DomainException extends RuntimeException
        permits DomainException.NotFound, DomainException.Conflict, DomainException.Invalid {

    private DomainException(String message) {
        super(message, null, false, false);
    }

    /** {@code what} (a noun such as "order") with id {@code id} does not exist. */
    public static NotFound notFound(String what, String id) {
        return new NotFound(what, id);
    }

    /** The request contradicts the state it would change (a duplicate, a key reused for other content). */
    public static Conflict conflict(String detail) {
        return new Conflict(detail);
    }

    public static Invalid invalid(List<FieldError> errors) {
        return new Invalid(errors);
    }

    public static Invalid invalid(String field, String message) {
        return new Invalid(List.of(new FieldError(field, message)));
    }

    /** Something asked for by id is not there. */
    public static final class NotFound extends DomainException {
        private final String what;
        private final String id;

        private NotFound(String what, String id) {
            super(what + " '" + id + "' does not exist");
            this.what = what;
            this.id = id;
        }

        public String what() {
            return what;
        }

        public String id() {
            return id;
        }
    }

    /** The request contradicts what is there; its message says how. */
    public static final class Conflict extends DomainException {
        private Conflict(String detail) {
            super(detail);
        }
    }

    /** Fields of the request break the domain's rules; every one of them is listed. */
    public static final class Invalid extends DomainException {
        private final List<FieldError> errors;

        private Invalid(List<FieldError> errors) {
            super(errors.size() == 1 ? errors.getFirst().field() + ": " + errors.getFirst().message()
                    : errors.size() + " fields are invalid; see errors");
            this.errors = List.copyOf(errors);
        }

        public List<FieldError> errors() {
            return errors;
        }
    }
}
