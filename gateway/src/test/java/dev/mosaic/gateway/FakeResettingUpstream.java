package dev.mosaic.gateway;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream that accepts a connection, reads the request, and resets the connection (TCP RST) without answering;
 * after {@code resets} connections (when not unlimited) it answers 200 {@code {"ok":true}} instead, as a restarted
 * instance would.
 */
public final class FakeResettingUpstream implements AutoCloseable {

    private final ServerSocket socket;
    private final AtomicInteger resetsLeft;
    private final AtomicInteger connections = new AtomicInteger();

    public FakeResettingUpstream() throws IOException {
        this(Integer.MAX_VALUE);
    }

    public FakeResettingUpstream(int resets) throws IOException {
        resetsLeft = new AtomicInteger(resets);
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::acceptLoop);
    }

    public String url() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try (Socket connection = socket.accept()) {
                connections.incrementAndGet();
                connection.getInputStream().read(new byte[1024]);
                if (resetsLeft.getAndDecrement() <= 0) {
                    connection.getOutputStream().write(
                            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\nConnection: close\r\n\r\n{\"ok\":true}".getBytes(StandardCharsets.US_ASCII));
                    continue;
                }
                // Linger 0 turns close() into a reset, as a crashing process or a dropped load balancer entry would.
                connection.setSoLinger(true, 0);
            } catch (IOException e) {
                // closed by close(), or the gateway gave up first: nothing to do either way
            }
        }
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
