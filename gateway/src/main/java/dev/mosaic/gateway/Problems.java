package dev.mosaic.gateway;

import dev.mosaic.platform.core.Problem;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

/** Writes the gateway's own errors as RFC 9457 {@code application/problem+json}, one stable {@code type} per kind. */
public final class Problems {

    /** Seconds a client should wait before retrying an unavailable upstream: long enough for a restart to progress. */
    public static final int RETRY_AFTER_SECONDS = 2;

    private Problems() {
    }

    public static void upstreamUnavailable(ServerResponse res, String upstream, String what, String instance) {
        res.header(HeaderValues.create(HeaderNames.RETRY_AFTER, String.valueOf(RETRY_AFTER_SECONDS)));
        send(res, Status.SERVICE_UNAVAILABLE_503, "upstream-unavailable", "Service unavailable",
             upstream + " " + what + "; it may be down or overloaded. Retry shortly.", instance);
    }

    /** Circuit open or bulkhead full: the upstream was not even asked. */
    public static void upstreamRefused(ServerResponse res, String upstream, String why, long retryAfterSeconds, String instance) {
        res.header(HeaderValues.create(HeaderNames.RETRY_AFTER, String.valueOf(Math.max(1, retryAfterSeconds))));
        send(res, Status.SERVICE_UNAVAILABLE_503, "upstream-unavailable", "Service unavailable",
             upstream + " is not being called: " + why + ". Retry shortly.", instance);
    }

    /**
     * RFC 6750: a missing token gets a bare challenge; a refused one says {@code invalid_token} and why.
     *
     * @param reason empty when no token was sent
     */
    public static void unauthorized(ServerResponse res, String reason, String instance) {
        boolean tokenSent = !reason.isEmpty();
        res.header(HeaderValues.create(HeaderNames.WWW_AUTHENTICATE, tokenSent
                ? "Bearer realm=\"mosaic\", error=\"invalid_token\", error_description=\"" + reason.replace("\"", "'") + "\""
                : "Bearer realm=\"mosaic\""));
        send(res, Status.UNAUTHORIZED_401, "unauthenticated", "Authentication required",
             tokenSent ? "The bearer token was refused: " + reason + "." : "This call needs a bearer token (Authorization: Bearer <JWT>).",
             instance);
    }

    public static void forbidden(ServerResponse res, String detail, String instance) {
        send(res, Status.FORBIDDEN_403, "forbidden", "Forbidden", detail, instance);
    }

    public static void tooManyRequests(ServerResponse res, long retryAfterSeconds, String instance) {
        res.header(HeaderValues.create(HeaderNames.RETRY_AFTER, String.valueOf(Math.max(1, retryAfterSeconds))));
        send(res, Status.TOO_MANY_REQUESTS_429, "rate-limited", "Too many requests",
             "This client sent more requests than its rate allows; retry after " + Math.max(1, retryAfterSeconds) + " s.", instance);
    }

    public static void payloadTooLarge(ServerResponse res, long limit, String instance) {
        send(res, Status.REQUEST_ENTITY_TOO_LARGE_413, "payload-too-large", "Request body too large",
             "Request bodies are limited to " + limit + " bytes.", instance);
    }

    public static void authUnavailable(ServerResponse res, String instance) {
        res.header(HeaderValues.create(HeaderNames.RETRY_AFTER, String.valueOf(RETRY_AFTER_SECONDS)));
        send(res, Status.SERVICE_UNAVAILABLE_503, "auth-unavailable", "Authentication unavailable",
             "The token could not be checked because the signing keys are unavailable; retry shortly.", instance);
    }

    public static void notFound(ServerResponse res, String instance) {
        send(res, Status.NOT_FOUND_404, "not-found", "Not found", "No route matches " + instance + ".", instance);
    }

    public static void badRequest(ServerResponse res, String detail, String instance) {
        send(res, Status.BAD_REQUEST_400, "bad-request", "Bad request", detail, instance);
    }

    public static void internalError(ServerResponse res, String instance) {
        send(res, Status.INTERNAL_SERVER_ERROR_500, "internal-error", "Internal error",
             "The gateway failed to handle this request; the log has the details under its X-Request-Id.", instance);
    }

    /** The problem of kind {@code type}, with the request's id (as every service's problems carry it). */
    public static void send(ServerResponse res, Status status, String type, String title, String detail, String instance) {
        res.status(status);
        res.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE));
        res.send(Problem.of(type, title, status.code(), detail, instance, null).toJson());
    }
}
