package dev.mosaic.gateway;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

/** Writes the gateway's own errors as RFC 9457 {@code application/problem+json}, one stable {@code type} per kind. */
final class Problems {

    static final String TYPE_BASE = "https://mosaic.dev/problems/";
    static final String CONTENT_TYPE = "application/problem+json";
    /** Seconds a client should wait before retrying an unavailable upstream: long enough for a restart to progress. */
    static final int RETRY_AFTER_SECONDS = 2;

    private Problems() {
    }

    static void upstreamUnavailable(ServerResponse res, String upstream, String what, String instance) {
        res.header(HeaderValues.create(HeaderNames.RETRY_AFTER, String.valueOf(RETRY_AFTER_SECONDS)));
        send(res, Status.SERVICE_UNAVAILABLE_503, "upstream-unavailable", "Service unavailable",
             upstream + " " + what + "; it may be down or overloaded. Retry shortly.", instance);
    }

    static void notFound(ServerResponse res, String instance) {
        send(res, Status.NOT_FOUND_404, "not-found", "Not found", "No route matches " + instance + ".", instance);
    }

    static void badRequest(ServerResponse res, String detail, String instance) {
        send(res, Status.BAD_REQUEST_400, "bad-request", "Bad request", detail, instance);
    }

    static void internalError(ServerResponse res, String instance) {
        send(res, Status.INTERNAL_SERVER_ERROR_500, "internal-error", "Internal error",
             "The gateway failed to handle this request; the log has the details under its X-Request-Id.", instance);
    }

    static void send(ServerResponse res, Status status, String type, String title, String detail, String instance) {
        StringBuilder body = new StringBuilder(256).append("{\"type\":");
        Json.quote(body, TYPE_BASE + type).append(",\"title\":");
        Json.quote(body, title).append(",\"status\":").append(status.code()).append(",\"detail\":");
        Json.quote(body, detail).append(",\"instance\":");
        Json.quote(body, instance).append('}');
        res.status(status);
        res.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, CONTENT_TYPE));
        res.send(body.toString());
    }
}
