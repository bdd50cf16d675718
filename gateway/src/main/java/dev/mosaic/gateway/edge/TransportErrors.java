package dev.mosaic.gateway.edge;

import dev.mosaic.gateway.Problems;
import dev.mosaic.platform.core.Problem;
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
public final class TransportErrors implements DirectHandler {

    static final Status HEADERS_TOO_LARGE_431 = Status.create(431, "Request Header Fields Too Large");

    @Override
    public TransportResponse handle(TransportRequest request, EventType event, Status defaultStatus,
                                    ServerResponseHeaders headers, String message) {
        if (event == EventType.INTERNAL_ERROR && unparsedRequestLine(request)) {
            return handle(request, EventType.BAD_REQUEST, Status.BAD_REQUEST_400, headers, "malformed request line");
        }
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
        } else if ((lower.contains("prologue") || lower.contains("request line"))
                   && (lower.contains("long") || lower.contains("exceed") || lower.contains("size"))) {
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
        // Before routing: no request id yet, no path worth echoing.
        String body = new Problem(Problem.TYPE_BASE + type, title, status.code(), detail, null, null, null).toJson();
        return TransportResponse.builder()
                .status(status)
                .headers(headers)
                .header(HeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .keepAlive(false)
                .entity(body.getBytes(StandardCharsets.UTF_8))
                .build();
    }

    /**
     * Helidon reports a request line it cannot parse (a method with non-ASCII bytes) as an internal error, without the
     * cause; before its request line is read no handler of the gateway's has run, so such a failure is the client's.
     */
    private static boolean unparsedRequestLine(TransportRequest request) {
        return request.method().isEmpty() && request.path().isEmpty();
    }
}
