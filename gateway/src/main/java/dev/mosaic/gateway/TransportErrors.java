package dev.mosaic.gateway;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;

/**
 * Answers for requests the server rejects before routing (malformed or oversized request lines and headers, bodies
 * over the server's limit) as problem+json like every other error, with the status the failure deserves: oversized
 * headers are 431, not the server's generic 400.
 */
final class TransportErrors implements DirectHandler {

    static final Status HEADERS_TOO_LARGE_431 = Status.create(431, "Request Header Fields Too Large");

    /**
     * Helidon 4.1 reports a request it cannot parse (a method with non-ASCII bytes, headers cut off) as an internal
     * error: that is the client's mistake, answered 400. Anything else keeps its status.
     */
    @Override
    public TransportResponse handle(TransportRequest request, EventType event, Status defaultStatus,
                                    ServerResponseHeaders headers, Throwable thrown) {
        if (event == EventType.INTERNAL_ERROR && unparsableRequestLine(thrown)) {
            return handle(request, EventType.BAD_REQUEST, Status.BAD_REQUEST_400, headers,
                          "malformed request line or headers");
        }
        return handle(request, event, defaultStatus, headers, thrown == null ? null : thrown.getMessage());
    }

    /** The variant Helidon calls with its logger: a client's malformed request is not worth a warning with a stack. */
    @Override
    public TransportResponse handle(TransportRequest request, EventType event, Status defaultStatus,
                                    ServerResponseHeaders headers, Throwable thrown, System.Logger logger) {
        if (event == EventType.INTERNAL_ERROR && !unparsableRequestLine(thrown) && logger != null) {
            logger.log(System.Logger.Level.WARNING, "Internal server error", thrown);
        }
        return handle(request, event, defaultStatus, headers, thrown);
    }

    /**
     * Whether the failure happened while parsing the request line or headers (a non-ASCII method, a request that
     * ends before its headers do): Helidon 4.1 reports both as internal errors.
     */
    private static boolean unparsableRequestLine(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException || t.getClass().getSimpleName().equals("InsufficientDataAvailableException")) {
                for (StackTraceElement frame : t.getStackTrace()) {
                    String type = frame.getClassName();
                    if (type.endsWith("Http1Prologue") || type.endsWith("HttpToken") || type.endsWith("Http1Headers")
                            || type.endsWith("Http1HeadersParser")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType event, Status defaultStatus,
                                    ServerResponseHeaders headers, String message) {
        String what = message == null ? "" : message;
        String lower = what.toLowerCase(Locale.ROOT);
        Status status = defaultStatus;
        String type = "bad-request";
        String title = "Bad request";
        String detail = "The request could not be read: " + what;
        if (lower.contains("header size exceeded")) {
            status = HEADERS_TOO_LARGE_431;
            type = "headers-too-large";
            title = "Request headers too large";
            detail = "The request's headers exceed the gateway's limit; send fewer or smaller headers.";
        } else if (lower.contains("prologue") || lower.contains("request line")) {
            status = Status.REQUEST_URI_TOO_LONG_414;
            type = "uri-too-long";
            title = "Request line too long";
            detail = "The request line (method, path and query) exceeds the gateway's limit.";
        } else if (event == EventType.PAYLOAD_TOO_LARGE) {
            type = "payload-too-large";
            title = "Request body too large";
            detail = "The request body exceeds the gateway's limit.";
        } else if (defaultStatus.code() >= 500) {
            type = "internal-error";
            title = "Internal error";
            detail = "The gateway failed to handle this request.";
        }
        StringBuilder body = new StringBuilder(256).append("{\"type\":");
        Json.quote(body, Problems.TYPE_BASE + type).append(",\"title\":");
        Json.quote(body, title).append(",\"status\":").append(status.code()).append(",\"detail\":");
        Json.quote(body, detail).append('}');
        return TransportResponse.builder()
                .status(status)
                .headers(headers)
                .header(HeaderNames.CONTENT_TYPE, Problems.CONTENT_TYPE)
                .keepAlive(false)
                .entity(body.toString().getBytes(StandardCharsets.UTF_8))
                .build();
    }
}
