package dev.mosaic.drill;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A TCP proxy on loopback that can make the service behind it slow: every chunk of bytes, in either direction, is
 * passed on {@code delay} after it arrived, in order, so a request that took 5 ms now takes 5 ms plus twice the
 * delay. Protocol-blind, so it serves HTTP/1.1 and gRPC (HTTP/2) alike. One virtual thread per direction per
 * connection; a chunk keeps the delay that was set when it arrived.
 */
public final class FaultProxy implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(FaultProxy.class.getName());
    private static final byte[] END = new byte[0];

    private final InetSocketAddress target;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong connections = new AtomicLong();
    private volatile Duration delay = Duration.ZERO;
    private volatile boolean closed;

    private FaultProxy(InetSocketAddress target, ServerSocket server) {
        this.target = target;
        this.server = server;
    }

    /** Listens on a free loopback port and forwards every connection to {@code targetPort} on loopback. */
    public static FaultProxy start(int targetPort) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        ServerSocket server = new ServerSocket(0, 50, loopback);
        FaultProxy proxy = new FaultProxy(new InetSocketAddress(loopback, targetPort), server);
        Thread.ofVirtual().name("fault-proxy-accept").start(proxy::accept);
        return proxy;
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The URL a client uses instead of the target's, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** Delay added to each chunk from now on, each way; {@link Duration#ZERO} passes bytes straight on. */
    public void delay(Duration delay) {
        this.delay = delay;
    }

    public Duration delay() {
        return delay;
    }

    /** Connections accepted since start. */
    public long connections() {
        return connections.get();
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(Level.WARNING, "fault proxy on port " + port() + " stopped accepting: " + e.getMessage(), e);
                }
                return;
            }
            connections.incrementAndGet();
            Thread.ofVirtual().name("fault-proxy-connect").start(() -> connect(client));
        }
    }

    private void connect(Socket client) {
        Socket upstream = new Socket();
        open.add(client);
        open.add(upstream);
        try {
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
            upstream.connect(target, 1000);
        } catch (IOException e) {
            // The target is down: the client sees its connection closed, as a refused connect would look to it.
            closeQuietly(client);
            closeQuietly(upstream);
            return;
        }
        pipe(client, upstream);
        pipe(upstream, client);
    }

    /** Reads from one socket and writes to the other after the delay; a reader and a writer thread per direction. */
    private void pipe(Socket from, Socket to) {
        BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        Thread.ofVirtual().name("fault-proxy-read").start(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    queue.add(new Chunk(System.nanoTime() + delay.toNanos(), Arrays.copyOf(buffer, n)));
                }
            } catch (IOException e) {
                // closed by the other side or by close(); the writer ends the connection after what it holds
            } finally {
                queue.add(new Chunk(System.nanoTime() + delay.toNanos(), END));
            }
        });
        Thread.ofVirtual().name("fault-proxy-write").start(() -> {
            try {
                OutputStream out = to.getOutputStream();
                while (true) {
                    Chunk chunk = queue.take();
                    long wait = chunk.due() - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(Duration.ofNanos(wait));
                    }
                    if (chunk.bytes() == END) {
                        break;
                    }
                    out.write(chunk.bytes());
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the peer went away; both sockets are closed below
            } finally {
                closeQuietly(to);
                closeQuietly(from);
            }
        });
    }

    private record Chunk(long due, byte[] bytes) {
    }

    private void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        } finally {
            open.remove(socket);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        open.forEach(this::closeQuietly);
    }
}
