package dev.mosaic.gateway;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** An upstream that accepts a connection, reads the request line, and resets the connection (TCP RST) without answering. */
final class FakeResettingUpstream implements AutoCloseable {

    private final ServerSocket socket;

    FakeResettingUpstream() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::acceptLoop);
    }

    String url() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try (Socket connection = socket.accept()) {
                connection.getInputStream().read(new byte[1024]);
                // Linger 0 turns close() into a reset, as a crashing process or a dropped load balancer entry would.
                connection.setSoLinger(true, 0);
            } catch (IOException e) {
                // closed by close(), or the gateway gave up first: nothing to do either way
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
