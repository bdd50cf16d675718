package dev.mosaic.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.mosaic.platform.dev.DevIssuer;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property: whatever arrives on the socket (odd paths, encodings, header names and values, tokens, bodies with
 * honest, missing or lying lengths, plain garbage), the gateway's own code answers no 5xx, never leaks a stack trace,
 * and keeps serving. The upstream behind it always answers, so any 5xx is the gateway's. Requests are generated from
 * a seed (printed on failure; {@code -Dmosaic.fuzz.seed=N -Dmosaic.fuzz.cases=N} replays or widens a run).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GatewayFuzzIT {

    private static final Pattern STATUS = Pattern.compile("^HTTP/1\\.[01] (\\d{3})");
    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "TRACE",
                                             "CONNECT", "get", "FOO", "G\u00c9T", ""};
    private static final String[] PREFIXES = {"/api/products", "/api/orders", "/api/admin/stock", "/api", "/health",
                                              "/", "", "*", "http://evil.example/", "/api/products/../orders"};
    private static final String[] SEGMENTS = {"x", "..", ".", "%2e%2e", "%2F", "%00", "%", "%zz", "\u00fc", "%C3%BC",
                                              "a b", ";jsessionid=1", "?", "#frag", "~", "sku-1", "//", "\\",
                                              "%u002e", "ready", "1".repeat(300)};
    private static final String[] HEADER_NAMES = {"Content-Type", "Content-Length", "Transfer-Encoding", "Authorization",
                                                  "X-Request-Id", "traceparent", "Connection", "Expect", "Origin",
                                                  "X-Forwarded-For", "Host", "Accept-Encoding", "Upgrade", "Te",
                                                  "Idempotency-Key", "X-Customer-Id", "Cookie", "Range", "bad name",
                                                  "\u00e9", ""};

    @TempDir
    static Path dir;
    private static FakeUpstream upstream;
    private static WebServer gateway;
    private static DevIssuer issuer;

    @BeforeAll
    static void start() throws IOException {
        issuer = DevIssuer.loadOrCreate(dir.resolve("auth"));
        upstream = new FakeUpstream(Duration.ofSeconds(1));
        gateway = Gateway.start(Config.just(ConfigSources.create("""
                server:
                  port: 0
                  host: 127.0.0.1
                mosaic:
                  auth:
                    jwks-file: %s
                    issuer: mosaic-dev
                    audience: mosaic
                  upstream:
                    shop: %s
                  gateway:
                    client-timeout: 2s
                    rate-limit:
                      enabled: false
                    routes:
                      - prefix: /api/products
                        upstream: shop
                        access: public
                      - prefix: /api/orders
                        upstream: shop
                        access: customer
                      - prefix: /api/admin/stock
                        upstream: shop
                        access: admin
                """.formatted(issuer.jwksFile(), upstream.url()), MediaTypes.APPLICATION_YAML)));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.stop();
        }
        upstream.close();
    }

    @Test
    void noInputMakesTheGatewayAnswer5xxOrStopServing() throws Exception {
        long seed = Long.getLong("mosaic.fuzz.seed", 20261126L);
        int cases = Integer.getInteger("mosaic.fuzz.cases", 600);
        Random random = new Random(seed);
        List<String> failures = new ArrayList<>();
        int answered = 0;
        for (int i = 0; i < cases && failures.size() < 5; i++) {
            boolean wellFormed = random.nextInt(4) != 0;
            byte[] request = wellFormed ? wellFormed(random) : garbage(random);
            String answer = exchange(request);
            Matcher status = STATUS.matcher(answer);
            if (status.find()) {
                answered++;
                int code = Integer.parseInt(status.group(1));
                if (code >= 500 || answer.contains("Exception") || answer.contains("\tat ")) {
                    failures.add("case " + i + " (seed " + seed + "): " + code + " for\n"
                            + printable(request) + "\n--- answer:\n" + printable(answer.getBytes(StandardCharsets.ISO_8859_1)));
                }
            } else if (wellFormed && !answer.isEmpty()) {
                failures.add("case " + i + " (seed " + seed + "): not an HTTP answer: " + printable(answer.getBytes(StandardCharsets.ISO_8859_1)));
            }
            if (i % 100 == 99) {
                assertStillServing("after case " + i + " (seed " + seed + ")");
            }
        }
        assertThat(failures).as("requests the gateway answered with a 5xx or a stack trace").isEmpty();
        assertThat(answered).as("answered cases").isGreaterThan(cases / 2);
        assertStillServing("at the end");
    }

    private static void assertStillServing(String when) throws IOException {
        String answer = exchange("GET /api/products HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                                         .getBytes(StandardCharsets.US_ASCII));
        assertThat(answer).as("a plain request " + when).startsWith("HTTP/1.1 200");
    }

    private static byte[] wellFormed(Random random) {
        String method = pick(random, METHODS);
        StringBuilder path = new StringBuilder(pick(random, PREFIXES));
        for (int s = random.nextInt(4); s > 0; s--) {
            path.append('/').append(pick(random, SEGMENTS));
        }
        if (random.nextBoolean()) {
            path.append('?').append(pick(random, SEGMENTS)).append('=').append(pick(random, SEGMENTS));
        }
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: localhost\r\n");
        byte[] body = new byte[random.nextInt(4) == 0 ? random.nextInt(4096) : 0];
        random.nextBytes(body);
        boolean lengthWritten = false;
        for (int h = random.nextInt(6); h > 0; h--) {
            String name = pick(random, HEADER_NAMES);
            String value = headerValue(random, name, body.length);
            lengthWritten |= name.equals("Content-Length");
            head.append(name).append(": ").append(value).append("\r\n");
        }
        if (body.length > 0 && !lengthWritten) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static String headerValue(Random random, String name, int bodyLength) {
        return switch (name) {
            case "Content-Length" -> pick(random, new String[] {String.valueOf(bodyLength), "-1", "abc", "99999999999999999999",
                                                                String.valueOf(bodyLength + 10), "0"});
            case "Transfer-Encoding" -> pick(random, new String[] {"chunked", "gzip", "identity", "chunked, chunked"});
            case "Authorization" -> pick(random, new String[] {"Bearer " + issuer.issue("c-1", random.nextBoolean(), Duration.ofMinutes(5)),
                                                               "Bearer ", "Bearer a.b.c", "Basic Zm9vOmJhcg==", "Bearer " + "x".repeat(9000),
                                                               "bearer " + issuer.issue("c-2", false, Duration.ofSeconds(-120))});
            case "traceparent" -> pick(random, new String[] {"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "zz", "00-0-0-0"});
            case "Expect" -> "100-continue";
            default -> pick(random, SEGMENTS) + (random.nextBoolean() ? "\u0001" : "");
        };
    }

    private static byte[] garbage(Random random) {
        byte[] bytes = new byte[1 + random.nextInt(2048)];
        random.nextBytes(bytes);
        if (random.nextBoolean()) {
            byte[] prefix = "GET /api/products HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(prefix, 0, bytes, 0, Math.min(prefix.length, bytes.length));
        }
        return bytes;
    }

    /** Sends the bytes and reads the answer until the server closes, at most a few seconds (a stalled request is cut off). */
    private static String exchange(byte[] request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), gateway.port())) {
            socket.setSoTimeout(4000);
            try {
                socket.getOutputStream().write(request);
                socket.getOutputStream().flush();
                socket.shutdownOutput();
            } catch (IOException serverClosedFirst) {
                // The gateway refused the request before reading all of it: what it answered is still readable.
            }
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                int n;
                while ((n = in.read(buffer)) >= 0 && answer.size() < 64 * 1024) {
                    answer.write(buffer, 0, n);
                }
            } catch (SocketTimeoutException | java.net.SocketException e) {
                // Cut off or reset: judge what arrived.
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    private static String printable(byte[] bytes) {
        String text = new String(bytes, 0, Math.min(bytes.length, 600), StandardCharsets.ISO_8859_1);
        return text.replaceAll("[^\\x20-\\x7e\\r\\n]", "?");
    }
}
