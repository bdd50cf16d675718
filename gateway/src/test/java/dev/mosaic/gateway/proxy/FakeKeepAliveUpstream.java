package dev.mosaic.gateway.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 upstream on raw sockets that keeps connections alive and closes one that stays idle longer than
 * {@code idleTimeout}, as nginx's {@code keepalive_timeout} does. It counts the connections it accepted and the ones
 * it closed for idleness, and records each request. {@code POST /crash} is read whole, then the connection is closed
 * without an answer: an upstream that dies after a request took effect. A path with {@code /slow} is answered after
 * {@link #SLOW}.
 */
final class FakeKeepAliveUpstream implements AutoCloseable {

    /** A request that reached the upstream. */
    record Received(String method, String path, String body) {
    }

    /** How long a request to a path containing {@code /slow} waits for its answer. */
    static final Duration SLOW = Duration.ofMillis(700);

    private final ServerSocket server;
    private final Duration idleTimeout;
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger closedIdle = new AtomicInteger();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    FakeKeepAliveUpstream(Duration idleTimeout) throws IOException {
        this.idleTimeout = idleTimeout;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = Thread.ofVirtual().name("fake-keepalive-acceptor").start(this::acceptLoop);
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Connections accepted since the start. */
    int accepted() {
        return accepted.get();
    }

    /** Connections this upstream closed because they stayed idle past {@code idleTimeout}. */
    int closedIdle() {
        return closedIdle.get();
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                accepted.incrementAndGet();
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            socket.setSoTimeout((int) idleTimeout.toMillis());
            while (true) {
                String requestLine;
                try {
                    requestLine = line(in);
                } catch (SocketTimeoutException e) {
                    closedIdle.incrementAndGet();
                    return;
                }
                if (requestLine == null || requestLine.isEmpty()) {
                    return;
                }
                // Once a request has started it may take as long as it needs.
                socket.setSoTimeout(0);
                String[] parts = requestLine.split(" ");
                long length = 0;
                boolean chunked = false;
                for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
                    String lower = header.toLowerCase(Locale.ROOT);
                    if (lower.startsWith("content-length:")) {
                        length = Long.parseLong(lower.substring("content-length:".length()).strip());
                    } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                        chunked = true;
                    }
                }
                String body = new String(chunked ? chunkedBody(in) : in.readNBytes((int) length), StandardCharsets.UTF_8);
                received.add(new Received(parts[0], parts[1], body));
                if (parts[1].endsWith("/crash")) {
                    return;
                }
                if (parts[1].contains("/slow")) {
                    // The answer takes a while to come: what a route's timeout is for.
                    sleep(SLOW);
                }
                byte[] answer = ("{\"method\":\"" + parts[0] + "\",\"body\":\"" + body + "\"}").getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + answer.length
                           + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(answer);
                out.flush();
                socket.setSoTimeout((int) idleTimeout.toMillis());
            }
        } catch (IOException e) {
            // The gateway closed its end: nothing to answer.
        }
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] chunkedBody(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line(in);
            int n = Integer.parseInt(size.split(";")[0].strip(), 16);
            if (n == 0) {
                while (!line(in).isEmpty()) {
                    // trailers
                }
                return body.toByteArray();
            }
            body.write(in.readNBytes(n));
            line(in);
        }
    }

    /** One CRLF-terminated line without its terminator, or null at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) c);
        }
        return line.isEmpty() ? null : line.toString();
    }

    @Override
    public void close() throws IOException {
        server.close();
        acceptor.interrupt();
    }
}
