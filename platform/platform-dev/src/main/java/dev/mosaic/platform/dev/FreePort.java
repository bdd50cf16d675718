package dev.mosaic.platform.dev;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Ports for processes and servers started on this machine by the dev stack, the drill and the tests. */
public final class FreePort {

    private FreePort() {
    }

    /**
     * A TCP port of 127.0.0.1 that nothing listens on at this moment, chosen by the kernel. Another process may take it
     * before the caller binds it; callers that cannot retry should bind port 0 themselves instead.
     */
    public static int onLoopback() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }
}
