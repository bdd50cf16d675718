package dev.mosaic.platform.web;

import java.util.List;

import dev.mosaic.platform.core.DomainException;
import dev.mosaic.platform.core.FieldError;

/**
 * An error that is the caller's to fix or to wait out, carrying what its problem+json answer says.
 * The web layer throws these; domain code throws {@link DomainException}, which {@link #from} translates.
 * {@link ProblemMapper} turns both into responses.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String kind;
    private final String title;
    private final List<FieldError> errors;
    private final Integer retryAfterSeconds;

    public ProblemException(int status, String kind, String title, String detail) {
        this(status, kind, title, detail, List.of(), null);
    }

    public ProblemException(int status, String kind, String title, String detail, List<FieldError> errors,
                            Integer retryAfterSeconds) {
        super(detail, null, false, false);
        this.status = status;
        this.kind = kind;
        this.title = title;
        this.errors = List.copyOf(errors);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** The problem a door answers for a domain's refusal: 404, 409 or 400 with the fields, as the domain says. */
    public static ProblemException from(DomainException refusal) {
        return switch (refusal) {
            case DomainException.NotFound n -> notFound(n.what(), n.id());
            case DomainException.Conflict c -> conflict(c.getMessage());
            case DomainException.Invalid i -> invalid(i.errors());
        };
    }

    public static ProblemException notFound(String what, String id) {
        return new ProblemException(404, "not-found", "Not found", what + " '" + id + "' does not exist");
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "conflict", "Conflict", detail);
    }

    public static ProblemException invalid(List<FieldError> errors) {
        String detail = errors.size() == 1
                ? errors.getFirst().field() + ": " + errors.getFirst().message()
                : errors.size() + " fields are invalid; see errors";
        return new ProblemException(400, "validation", "Invalid request", detail, errors, null);
    }

    public static ProblemException invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    public static ProblemException unavailable(String detail, int retryAfterSeconds) {
        return new ProblemException(503, "unavailable", "Service unavailable", detail, List.of(), retryAfterSeconds);
    }

    /** 401: no verified caller; {@code detail} says what was missing or wrong with the token. */
    public static ProblemException unauthenticated(String detail) {
        return new ProblemException(401, "unauthenticated", "Authentication required", detail);
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "forbidden", "Forbidden", detail);
    }

    public static ProblemException payloadTooLarge(long limit) {
        return new ProblemException(413, "payload-too-large", "Payload too large",
                "The request body exceeds the limit of " + limit + " bytes");
    }

    public int status() {
        return status;
    }

    /** The last segment of the problem type URI, e.g. {@code not-found}. */
    public String kind() {
        return kind;
    }

    public String title() {
        return title;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
