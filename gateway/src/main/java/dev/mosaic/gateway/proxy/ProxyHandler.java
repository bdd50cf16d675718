package dev.mosaic.gateway.proxy;

import dev.mosaic.gateway.Correlation;
import dev.mosaic.gateway.GatewayMetrics;
import dev.mosaic.gateway.Problems;
import dev.mosaic.gateway.upstream.UpstreamGuard;
import dev.mosaic.gateway.upstream.UpstreamJson;
import dev.mosaic.gateway.upstream.WorkloadCredentials;
import dev.mosaic.platform.tracing.Spans;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Headers;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.http.encoding.ContentEncodingContext;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.Proxy;
import io.helidon.webclient.api.RuntimeUnknownHostException;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientRequest;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** Forwards a request to the upstream its route names and relays the answer, or a 503 problem when there is none. */
public final class ProxyHandler implements Handler {

    /** Request-context key under which the chosen upstream's name is left for the access log. */
    public static final String UPSTREAM = "mosaic.gateway.upstream";
    private static final HeaderName X_FORWARDED_FOR = HeaderNames.create("X-Forwarded-For");
    private static final HeaderName X_FORWARDED_PROTO = HeaderNames.create("X-Forwarded-Proto");
    private static final HeaderName X_FORWARDED_HOST = HeaderNames.create("X-Forwarded-Host");

    private static final Logger LOGGER = Logger.getLogger(ProxyHandler.class.getName());

    // RFC 9110 section 7.6.1: these describe one connection, not the message, so they must not cross the proxy.
    // Host is rewritten for the upstream; Expect is answered by this server, not forwarded.
    private static final Set<String> HOP_BY_HOP = Set.of(
            "connection", "keep-alive", "te", "trailer", "transfer-encoding", "upgrade", "host", "expect");
    // Set by the gateway itself, whatever the caller or the upstream sent.
    private static final Set<String> OWNED = Set.of(
            "x-request-id", "traceparent", "tracestate", "x-forwarded-proto", "x-forwarded-host",
            // An identity header is never taken from the caller: services read identity only from the verified token.
            "x-customer-id",
            // The workload credential is the gateway's own, for the upstream; a caller's is dropped.
            "workload-authorization");

    private static final int BUFFER_SIZE = 16 * 1024;

    private final Routes routes;
    private final Http1Client client;
    private final Duration connectTimeout;
    private final Map<String, UpstreamGuard> guards;
    private final long maxBodyBytes;
    private final Duration bodyReadTimeout;
    private final Tracer tracer;
    private final WorkloadCredentials credentials;
    private final GatewayMetrics metrics;

    /**
     * @param guards          bulkhead and circuit breaker of each upstream, by name
     * @param maxBodyBytes    request bodies longer than this are refused with 413, also when they arrive chunked
     * @param bodyReadTimeout how long a caller may take to send its whole body; a slower one is cut off
     * @param tracer          makes a client span for each upstream attempt (a no-op with trace export off)
     * @param credentials     the gateway's workload token for each upstream
     * @param metrics         times each upstream attempt
     */
    public ProxyHandler(Routes routes, Duration connectTimeout, Map<String, UpstreamGuard> guards, long maxBodyBytes,
                 Duration bodyReadTimeout, Tracer tracer, WorkloadCredentials credentials, GatewayMetrics metrics) {
        this.metrics = metrics;
        this.bodyReadTimeout = bodyReadTimeout;
        this.tracer = tracer;
        this.credentials = credentials;
        this.routes = routes;
        this.connectTimeout = connectTimeout;
        this.guards = guards;
        this.maxBodyBytes = maxBodyBytes;
        // HTTP/1.1 only, as every upstream speaks it: the generic client would look up the protocol per request and
        // copy the request's headers once more into the HTTP/1.1 request it then makes.
        this.client = Http1Client.builder()
                .connectTimeout(connectTimeout)
                // A proxy relays redirects and encoded bodies untouched; the caller decides what to do with them.
                .followRedirects(false)
                .contentEncoding(ContentEncodingContext.builder().contentEncodingsDiscoverServices(false).build())
                // Bodies are streamed: waiting for "100 Continue" would only add a round trip per upload.
                .sendExpectContinue(false)
                // Upstreams are internal addresses; a JVM-wide http.proxyHost must not capture them.
                .proxy(Proxy.noProxy())
                // Upstream connections are kept alive and reused (docs/adr/0014): a handshake per call cost more than
                // the proxying itself. One that the upstream closed while idle is noticed and dropped by the pool.
                .keepAlive(true)
                .build();
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        String rawPath = req.path().rawPath();
        if (isAmbiguous(rawPath)) {
            // "/api/products/../orders" would match one route here and reach another resource upstream.
            Problems.badRequest(res, "Paths with '.' or '..' segments or encoded slashes are not accepted.", rawPath);
            return;
        }
        Optional<Route> match = routes.match(rawPath);
        if (match.isEmpty()) {
            Problems.notFound(res, rawPath);
            return;
        }
        Route route = match.get();
        req.context().register(UPSTREAM, route.upstream());
        // The server span's name: the method and the route, never the raw path (ids would make every name unique).
        Span.current().updateName(req.prologue().method().text() + " " + route.prefix());
        Correlation correlation = Correlation.of(req);

        UpstreamGuard guard = guards.get(route.upstream());
        UpstreamGuard.Refusal refusal = guard.tryEnter();
        if (refusal != null) {
            Problems.upstreamRefused(res, route.upstream(), refusal.detail(), (refusal.retryAfter().toMillis() + 999) / 1000, rawPath);
            return;
        }
        try {
            proxy(req, res, route, correlation, guard);
        } finally {
            guard.release();
        }
    }

    private void proxy(ServerRequest req, ServerResponse res, Route route, Correlation correlation, UpstreamGuard guard) {
        String rawPath = req.path().rawPath();
        HttpClientResponse answer;
        try {
            answer = forwardWithRetry(req, route, correlation);
        } catch (RuntimeException e) {
            // The caller's mistakes below are not the upstream's, and no answer of the upstream's came: the breaker
            // counts them neither way (a half-open breaker's trial taken up by one must not close it).
            if (causedBy(e, BodyTooLarge.class)) {
                guard.abandoned();
                Problems.payloadTooLarge(res, maxBodyBytes, rawPath);
                return;
            }
            if (causedBy(e, BodyTooSlow.class)) {
                // Its socket was closed by the deadline, so no 408 can reach it.
                guard.abandoned();
                LOGGER.log(Level.INFO, "Cut off a request body to " + route.upstream() + " that took longer than "
                                   + bodyReadTimeout.toMillis() + " ms (mosaic.gateway.body-read-timeout) for "
                                   + req.prologue().method().text() + " " + rawPath);
                throw new CloseConnectionException("Request body took longer than " + bodyReadTimeout, e);
            }
            if (causedBy(e, InboundAborted.class)) {
                guard.abandoned();
                throw new CloseConnectionException("Caller aborted the request body", e);
            }
            guard.failed();
            String what = describe(e, route);
            LOGGER.log(Level.WARNING, route.upstream() + " " + what + " for " + req.prologue().method().text() + " " + rawPath,
                       new Object[] {Map.of("upstream", route.upstream(), "error", String.valueOf(rootCause(e)))});
            Problems.upstreamUnavailable(res, route.upstream(), what, rawPath);
            return;
        }
        // An upstream answering 502-504 is as unavailable as one that does not answer; its own 500 is a bug, not an outage.
        int code = answer.status().code();
        if (code == 502 || code == 503 || code == 504) {
            guard.failed();
        } else {
            guard.succeeded();
        }
        try (answer) {
            relay(req, answer, res, route);
        }
    }

    /**
     * Idempotent, bodiless requests get one more attempt when the upstream refused or dropped the connection before
     * answering (a restarting instance); never after a timeout (the first attempt may still be running) and never
     * for POST (it may have taken effect).
     */
    private HttpClientResponse forwardWithRetry(ServerRequest req, Route route, Correlation correlation) {
        Method method = req.prologue().method();
        boolean idempotent = (method == Method.GET || method == Method.HEAD || method == Method.OPTIONS)
                && !req.content().hasEntity();
        long started = System.nanoTime();
        try {
            return forward(req, route, correlation);
        } catch (RuntimeException e) {
            if (!worthRetrying(idempotent, e, Duration.ofNanos(System.nanoTime() - started), route.timeout())) {
                throw e;
            }
            LOGGER.log(Level.FINE, route.upstream() + " " + describe(e, route) + "; retrying " + method.text() + " once");
            return forward(req, route, correlation);
        }
    }

    /**
     * Whether a failed attempt of a request may be made once more. Only an idempotent one, and not after a timeout,
     * except one reported long before the route's timeout could have passed: that read did not wait for the upstream,
     * a kept-alive connection failed on reuse ("Read timed out" 16 ms into a 2 s budget, seen with Helidon's
     * WebClient), so the upstream is not slow and the read may go again on a fresh connection.
     */
    static boolean worthRetrying(boolean idempotent, Throwable failure, Duration took, Duration timeout) {
        if (!idempotent) {
            return false;
        }
        return !causedBy(failure, SocketTimeoutException.class) || UpstreamJson.timedOutEarly(failure, took, timeout);
    }

    private HttpClientResponse forward(ServerRequest req, Route route, Correlation correlation) {
        // One client span per attempt, under the gateway's server span; the upstream sees it as its parent.
        String method = req.prologue().method().text();
        Span span = Spans.start(tracer, method + " " + route.upstream(), SpanKind.CLIENT, correlation.traceparent().toString());
        span.setAttribute("http.method", method);
        span.setAttribute("peer.service", route.upstream());
        String traceparent = span.getSpanContext().isValid() ? Spans.traceparent(span.getSpanContext()) : correlation.traceparent().toString();
        long started = System.nanoTime();
        try {
            Http1ClientRequest out = client.method(req.prologue().method())
                    .uri(route.target(req.path().rawPath(), req.query().rawValue()))
                    .readTimeout(route.timeout());
            copyRequestHeaders(req, out, route.upstream(), correlation, traceparent);
            HttpClientResponse answer = !req.content().hasEntity() ? out.request() : out.outputStream(upstream -> {
                copyBounded(req.content().inputStream(), upstream, req.headers().contentLength().orElse(-1));
                upstream.close();
            });
            metrics.upstream(route.upstream(), GatewayMetrics.outcome(answer.status().code()), System.nanoTime() - started);
            span.setAttribute("http.status_code", answer.status().code());
            if (answer.status().code() >= 500) {
                span.setStatus(StatusCode.ERROR, "HTTP " + answer.status().code());
            }
            return answer;
        } catch (RuntimeException e) {
            if (!causedBy(e, BodyTooLarge.class) && !causedBy(e, BodyTooSlow.class) && !causedBy(e, InboundAborted.class)) {
                metrics.upstream(route.upstream(), "error", System.nanoTime() - started);
            }
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, String.valueOf(rootCause(e)));
            throw e;
        } finally {
            span.end();
        }
    }

    private void copyRequestHeaders(ServerRequest req, Http1ClientRequest out, String upstream, Correlation correlation,
                                    String traceparent) {
        Set<String> dropped = connectionScoped(req.headers());
        for (Header header : req.headers()) {
            String name = header.headerName().lowerCase();
            if (!dropped.contains(name) && !OWNED.contains(name) && !name.equals("x-forwarded-for")) {
                out.header(header);
            }
        }
        credentials.forUpstream(upstream).ifPresent(out::header);
        out.header(HeaderValues.create(Correlation.X_REQUEST_ID, correlation.requestId()));
        out.header(HeaderValues.create(Correlation.TRACEPARENT, traceparent));
        if (!correlation.generatedTrace() && req.headers().contains(Correlation.TRACESTATE)) {
            out.header(req.headers().get(Correlation.TRACESTATE));
        }
        String client = clientAddress(req.remotePeer().address());
        String forwardedFor = req.headers().first(X_FORWARDED_FOR).map(prior -> prior + ", " + client).orElse(client);
        out.header(HeaderValues.create(X_FORWARDED_FOR, forwardedFor));
        out.header(HeaderValues.create(X_FORWARDED_PROTO, req.isSecure() ? "https" : "http"));
        out.header(HeaderValues.create(X_FORWARDED_HOST, req.authority()));
    }

    private void relay(ServerRequest req, HttpClientResponse answer, ServerResponse res, Route route) {
        Status status = answer.status();
        boolean noBody = req.prologue().method() == Method.HEAD
                || status.code() < 200 || status.code() == 204 || status.code() == 304;
        Set<String> dropped = connectionScoped(answer.headers());
        for (Header header : answer.headers()) {
            String name = header.headerName().lowerCase();
            // Content-Length of a bodiless status describes a body never sent; Helidon rightly refuses it.
            boolean bodilessLength = noBody && name.equals("content-length") && req.prologue().method() != Method.HEAD;
            if (!dropped.contains(name) && !name.equals("x-request-id") && !bodilessLength) {
                res.header(header);
            }
        }
        res.status(status);
        if (noBody) {
            // An upstream 304 has no length and no chunking; reading "its body" would wait for the timeout.
            res.send();
            return;
        }
        // The upstream's body is closed first (resources close in reverse order): its pooled connection is free
        // again before the caller has its last byte and sends its next request.
        try (OutputStream out = res.outputStream(); InputStream body = answer.inputStream()) {
            copy(body, out, answer.headers().contentLength().orElse(-1));
        } catch (IOException | RuntimeException e) {
            // Status and headers may already be on the wire: the only honest signal left is to cut the connection,
            // so the caller sees a truncated response instead of a complete-looking one.
            boolean callerLeft = e instanceof InboundAborted;
            LOGGER.log(callerLeft ? Level.FINE : Level.WARNING,
                       (callerLeft ? "caller went away during " : route.upstream() + " response was cut short for ")
                               + req.path().rawPath(),
                       new Object[] {Map.of("upstream", route.upstream(), "error", String.valueOf(rootCause(e)))});
            throw new CloseConnectionException("Upstream response could not be relayed", e);
        }
    }

    /**
     * Copies the caller's body to the upstream, refusing it once it exceeds the limit (chunked bodies declare no length)
     * and cutting it off when it is not complete within {@code bodyReadTimeout}: the bulkhead slot is held meanwhile.
     */
    private void copyBounded(InputStream in, OutputStream out, long length) throws IOException {
        try (BodyDeadline deadline = BodyDeadline.start(bodyReadTimeout)) {
            try {
                copyBoundedUntil(in, out, length);
            } catch (IOException | RuntimeException e) {
                if (deadline.expired()) {
                    throw new BodyTooSlow(e);
                }
                throw e;
            }
        }
    }

    private void copyBoundedUntil(InputStream in, OutputStream out, long length) throws IOException {
        long total = 0;
        while (true) {
            // A fresh buffer per chunk: Helidon's client holds on to the first written array until the next write.
            byte[] buffer = new byte[bufferSize(length, total)];
            int n;
            try {
                n = in.read(buffer);
            } catch (IOException | RuntimeException e) {
                throw new InboundAborted(e);
            }
            if (n < 0) {
                return;
            }
            total += n;
            if (total > maxBodyBytes) {
                drain(in, total);
                throw new BodyTooLarge();
            }
            out.write(buffer, 0, n);
            out.flush();
        }
    }

    /**
     * Reads and discards the rest of an oversized body (up to a bound) so the caller, still sending, gets to read the
     * 413 instead of a reset connection; a sender of more than that is cut off.
     */
    private void drain(InputStream in, long alreadyRead) {
        long left = 8 * maxBodyBytes - alreadyRead;
        byte[] discard = new byte[BUFFER_SIZE];
        try {
            int n;
            while (left > 0 && (n = in.read(discard)) >= 0) {
                left -= n;
            }
        } catch (IOException | RuntimeException e) {
            // The caller went away: nobody is left to read the answer anyway.
        }
    }

    /**
     * Copies the upstream's body chunk by chunk, flushing each so a streamed answer reaches the caller as it comes.
     * Failures to write to the caller are reported as {@link InboundAborted}.
     *
     * @param length the body's declared length, -1 when unknown (chunked)
     */
    private static void copy(InputStream in, OutputStream out, long length) throws IOException {
        long left = length;
        while (true) {
            // A fresh buffer per chunk: Helidon's server holds on to the first written array until the next write.
            byte[] buffer = new byte[bufferSize(length, length - left)];
            int n = in.read(buffer);
            if (n < 0) {
                return;
            }
            left -= n;
            if (length >= 0 && left <= 0) {
                // The last bytes: reading the end first hands the upstream connection back to the pool before the
                // caller has the whole answer and sends its next request, which can then reuse it.
                in.read();
            }
            try {
                out.write(buffer, 0, n);
                out.flush();
            } catch (IOException | RuntimeException e) {
                throw new InboundAborted(e);
            }
        }
    }

    /**
     * A copy buffer for a body of {@code length} bytes (-1: unknown, chunked) of which {@code done} were copied: what
     * is left, up to {@link #BUFFER_SIZE}, so a small JSON body does not cost a 16 KiB array per read.
     */
    private static int bufferSize(long length, long done) {
        return length < 0 ? BUFFER_SIZE : (int) Math.max(1, Math.min(BUFFER_SIZE, length - done));
    }

    /** What went wrong with the upstream, phrased to follow its name: "catalog refused the connection". */
    private String describe(Throwable failure, Route route) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return "refused the connection";
            }
            if (t instanceof SocketTimeoutException timeout) {
                boolean connecting = String.valueOf(timeout.getMessage()).toLowerCase(Locale.ROOT).contains("connect");
                return connecting
                        ? "could not be reached within " + connectTimeout.toMillis() + " ms"
                        : "did not answer within " + route.timeout().toMillis() + " ms";
            }
            if (t instanceof UnknownHostException || t instanceof RuntimeUnknownHostException) {
                return "could not be resolved";
            }
            if (t instanceof SocketException && String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT).contains("reset")) {
                return "reset the connection";
            }
        }
        return "closed the connection without answering";
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** Hop-by-hop names plus any the sender listed in its Connection header. */
    private static Set<String> connectionScoped(Headers headers) {
        Set<String> names = HOP_BY_HOP;
        for (String value : headers.all(HeaderNames.CONNECTION, List::of)) {
            for (String token : value.split(",")) {
                names = with(names, token.strip().toLowerCase(Locale.ROOT));
            }
        }
        for (Header header : headers) {
            String name = header.headerName().lowerCase();
            if (name.startsWith("proxy-")) {
                names = with(names, name);
            }
        }
        return names;
    }

    /** {@code names} with {@code name}: the fixed set is copied only when a message names more than it holds. */
    private static Set<String> with(Set<String> names, String name) {
        if (names.contains(name)) {
            return names;
        }
        Set<String> grown = names == HOP_BY_HOP ? new HashSet<>(HOP_BY_HOP) : names;
        grown.add(name);
        return grown;
    }

    /** Dot segments and encoded slashes: the upstream may resolve them to a path outside the matched route. */
    private static boolean isAmbiguous(String rawPath) {
        if (rawPath.startsWith("/") && rawPath.indexOf('%') < 0 && !rawPath.contains("/.")) {
            // Nothing encoded and no segment that starts with a dot: the common case, decided without a copy.
            return false;
        }
        String lower = rawPath.toLowerCase(Locale.ROOT);
        if (lower.contains("%2f") || lower.contains("%5c")) {
            return true;
        }
        for (String segment : rawPath.split("/")) {
            String decoded = segment.toLowerCase(Locale.ROOT).replace("%2e", ".");
            if (decoded.equals(".") || decoded.equals("..")) {
                return true;
            }
        }
        return false;
    }

    private static String clientAddress(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return String.valueOf(address);
    }

    /** The caller's body went past the limit while being streamed. */
    private static final class BodyTooLarge extends RuntimeException {
        BodyTooLarge() {
            super(null, null, false, false);
        }
    }

    /** The caller did not send its whole body within the deadline. */
    private static final class BodyTooSlow extends RuntimeException {
        BodyTooSlow(Throwable cause) {
            super(cause);
        }
    }

    /** The caller went away while its body was being read or the answer written: nobody is left to answer. */
    private static final class InboundAborted extends RuntimeException {
        InboundAborted(Throwable cause) {
            super(cause);
        }
    }
}
