package dev.mosaic.gateway;

import dev.mosaic.platform.core.RequestContext;
import dev.mosaic.platform.core.RequestIds;
import dev.mosaic.platform.core.TraceParent;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Headers;
import io.helidon.webserver.http.ServerRequest;

/**
 * The ids one request carries across services: {@code X-Request-Id} and the W3C {@code traceparent}, kept or replaced
 * by the rules every service applies ({@link RequestIds}, {@link TraceParent}), so the ids the gateway logs and
 * forwards are the ones the services log.
 *
 * @param requestId      the caller's request id when it is safe to keep, otherwise a new one
 * @param traceparent    the caller's traceparent when valid, otherwise a new one starting a trace here
 * @param generatedTrace whether {@code traceparent} was generated, in which case a caller's tracestate is stale
 */
public record Correlation(String requestId, TraceParent traceparent, boolean generatedTrace) {

    public static final HeaderName X_REQUEST_ID = HeaderNames.create("X-Request-Id");
    public static final HeaderName TRACEPARENT = HeaderNames.create("traceparent");
    public static final HeaderName TRACESTATE = HeaderNames.create("tracestate");

    // The order a request is about: in its path, or, for a placement, in the Location the answer points to.
    private static final Pattern ORDER_PATH = Pattern.compile("/api/orders/([A-Za-z0-9._:-]{1,64})(?:/.*)?");

    public static Correlation of(Optional<String> requestId, Optional<String> traceparent) {
        Optional<TraceParent> valid = traceparent.flatMap(TraceParent::parse);
        return new Correlation(RequestIds.acceptOrNew(requestId.orElse(null)), valid.orElseGet(TraceParent::newTrace),
                               valid.isEmpty());
    }

    /** The ids a request arrived with, kept or replaced by the rules above. */
    public static Correlation of(Headers headers) {
        return of(headers.first(X_REQUEST_ID), headers.first(TRACEPARENT));
    }

    /** The ids the correlation filter gave {@code req}, or those of its headers where no filter ran. */
    public static Correlation of(ServerRequest req) {
        return req.context().get(Correlation.class, Correlation.class).orElseGet(() -> of(req.headers()));
    }

    /** {@code X-Request-Id} and {@code traceparent}, for a call the gateway makes on the request's behalf. */
    public List<Header> headers() {
        return List.of(HeaderValues.create(X_REQUEST_ID, requestId), HeaderValues.create(TRACEPARENT, traceparent.toString()));
    }

    /**
     * The same ids in the gateway's own span: {@code spanId} becomes the parent the services see. The trace id and
     * flags stay the caller's (or the generated ones).
     */
    public Correlation inSpan(String spanId) {
        return new Correlation(requestId, traceparent.withParent(spanId), generatedTrace);
    }

    /** The id of the span the next hop sees as its parent (the gateway's, once {@link #inSpan} made it). */
    String spanId() {
        return traceparent.parentId();
    }

    /** The 32-hex trace id, the field logs and trace backends join on. */
    String traceId() {
        return traceparent.traceId();
    }

    /** These ids as the log context of the gateway's work on the request. */
    public RequestContext.Ids ids(Optional<String> subject) {
        RequestContext.Ids ids = new RequestContext.Ids(requestId, traceId(), spanId(), traceparent.flags());
        return subject.map(ids::withSubject).orElse(ids);
    }

    /**
     * The subject of a request's log lines, the entity it concerns: the shop's one followed across processes is the
     * order, so this is the order id, from {@code /api/orders/{id}...}, else from a {@code Location: /api/orders/{id}}
     * answer (a placement). The gateway's lines then join the order's story in every service.
     */
    public static Optional<String> subject(String path, Optional<String> location) {
        var m = ORDER_PATH.matcher(path);
        if (m.matches()) {
            return Optional.of(m.group(1));
        }
        return location.map(ORDER_PATH::matcher).filter(java.util.regex.Matcher::matches).map(l -> l.group(1));
    }
}
