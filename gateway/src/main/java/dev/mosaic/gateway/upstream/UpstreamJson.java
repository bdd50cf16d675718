package dev.mosaic.gateway.upstream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.encoding.ContentEncodingContext;
import io.helidon.webclient.api.HttpClientRequest;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.Proxy;
import io.helidon.webclient.api.RuntimeUnknownHostException;
import io.helidon.webclient.api.WebClient;
import jakarta.json.JsonException;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

/**
 * GETs a JSON document from an upstream for the gateway's own composed answers, reading at most {@link #MAX_BODY_BYTES}
 * so a misbehaving upstream cannot make the gateway buffer without bound.
 */
public final class UpstreamJson {

    static final int MAX_BODY_BYTES = 1024 * 1024;
    public static final JsonProvider JSON = JsonProvider.provider();
    private static final Header ACCEPT_JSON = HeaderValues.create(HeaderNames.ACCEPT, "application/json");

    private final WebClient client;
    private final WorkloadCredentials credentials;

    public UpstreamJson(Duration connectTimeout) {
        this(connectTimeout, WorkloadCredentials.none());
    }

    public UpstreamJson(Duration connectTimeout, WorkloadCredentials credentials) {
        this.credentials = credentials;
        // Same client settings as the proxy, for the same reasons (see ProxyHandler): pooled, no JVM-wide proxy.
        this.client = WebClient.builder()
                .connectTimeout(connectTimeout)
                .followRedirects(false)
                .contentEncoding(ContentEncodingContext.builder().contentEncodingsDiscoverServices(false).build())
                .proxy(Proxy.noProxy())
                .keepAlive(true)
                .build();
    }

    /** An upstream's answer: its status and its body parsed as JSON ({@code null} when it had none). */
    public record Answer(int status, JsonValue body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /** An upstream that could not be asked, or whose answer could not be read; the message completes "<name> ...". */
    static final class Failure extends RuntimeException {
        Failure(String message, Throwable cause) {
            super(message, cause);
        }

        /** Whether the upstream did answer, with something unusable (too large, not JSON): no sign it is down. */
        boolean upstreamAnswered() {
            return getCause() == null || getCause() instanceof JsonException;
        }
    }

    /**
     * GETs {@code uri} with {@code headers} plus {@code Accept: application/json}. A GET that lost its connection
     * before any answer (closed or reset, as a pooled connection the upstream had just closed is) is sent once more,
     * on a new connection, and so is one whose read "timed out" long before {@code timeout} could have passed; one
     * that was refused or really timed out is not, so a down or slow upstream costs one attempt.
     *
     * @throws Failure when the upstream cannot be reached, does not answer within {@code timeout} between reads,
     *                 answers more than {@link #MAX_BODY_BYTES}, or answers a body that is not JSON
     */
    public Answer get(URI uri, List<Header> headers, Duration timeout) {
        long started = System.nanoTime();
        try {
            return exchange(client.get(), uri, headers, timeout);
        } catch (Failure e) {
            if (!worthRetrying(e, Duration.ofNanos(System.nanoTime() - started), timeout)) {
                throw e;
            }
            return exchange(client.get(), uri, headers, timeout);
        }
    }

    /**
     * Whether a failed GET may go once more: its connection was lost before an answer, or its read timed out in less
     * than half of {@code timeout}. Such a read did not wait for the upstream: a pooled connection failed on reuse
     * (seen in CI: "did not answer within 1000 ms" 17-65 ms after the call began, docs/adr/0014), so the upstream
     * is not slow and a second attempt on another connection is cheap.
     */
    static boolean worthRetrying(Failure failure, Duration took, Duration timeout) {
        return lostConnection(failure) || timedOutEarly(failure, took, timeout);
    }

    /**
     * Whether {@code failure} is a read timeout reported {@code took} into a call, less than half of its
     * {@code timeout}: a read that did not wait for the upstream, but a pooled connection failing on reuse. The
     * proxy's retry rule asks the same.
     */
    public static boolean timedOutEarly(Throwable failure, Duration took, Duration timeout) {
        if (took.compareTo(timeout.dividedBy(2)) >= 0) {
            return false;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** Whether the request failed because its connection closed before an answer, rather than being refused or slow. */
    static boolean lostConnection(Failure failure) {
        if (failure.upstreamAnswered()) {
            return false;
        }
        for (Throwable t = failure.getCause(); t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof SocketTimeoutException
                || t instanceof UnknownHostException || t instanceof RuntimeUnknownHostException) {
                return false;
            }
        }
        return true;
    }

    /**
     * POSTs to {@code uri} without a body, for commands the gateway relays (redriving a dead letter).
     *
     * @throws Failure as {@link #get}
     */
    public Answer post(URI uri, List<Header> headers, Duration timeout) {
        return exchange(client.post(), uri, headers, timeout);
    }

    private Answer exchange(HttpClientRequest request, URI uri, List<Header> headers, Duration timeout) {
        request.uri(uri).readTimeout(timeout).header(ACCEPT_JSON);
        headers.forEach(request::header);
        credentials.forUri(uri).ifPresent(request::header);
        try (HttpClientResponse response = request.request()) {
            int status = response.status().code();
            byte[] body;
            try (InputStream in = response.inputStream()) {
                body = in.readNBytes(MAX_BODY_BYTES + 1);
            }
            if (body.length > MAX_BODY_BYTES) {
                throw new Failure("answered more than " + MAX_BODY_BYTES / 1024 + " KiB", null);
            }
            return new Answer(status, parse(body, status));
        } catch (Failure e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new Failure(describe(e, timeout), e);
        }
    }

    private static JsonValue parse(byte[] body, int status) {
        if (body.length == 0) {
            return null;
        }
        try (var reader = JSON.createReader(new ByteArrayInputStream(body))) {
            return reader.readValue();
        } catch (JsonException e) {
            // An error page from a proxy in between is not worth failing over when the status already says enough.
            if (status >= 400) {
                return null;
            }
            throw new Failure("answered " + status + " with a body that is not JSON", e);
        }
    }

    /** {@code value} as JSON text, for the gateway's own answers. */
    public static String write(JsonValue value) {
        StringWriter out = new StringWriter();
        try (var writer = JSON.createWriter(out)) {
            writer.write(value);
        }
        return out.toString();
    }

    /** What went wrong, phrased to follow the upstream's name: "payments refused the connection". */
    static String describe(Throwable failure, Duration timeout) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof Failure) {
                return t.getMessage();
            }
            if (t instanceof ConnectException) {
                return "refused the connection";
            }
            if (t instanceof SocketTimeoutException) {
                return "did not answer within " + timeout.toMillis() + " ms";
            }
            if (t instanceof UnknownHostException || t instanceof RuntimeUnknownHostException) {
                return "could not be resolved";
            }
            if (t instanceof SocketException && String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT).contains("reset")) {
                return "reset the connection";
            }
        }
        return "closed the connection without answering (" + failure + ")";
    }
}
