package dev.mosaic.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The drill's TCP proxy against an echo server: bytes pass unchanged, and late by the delay once one is set. */
class FaultProxyTest {

    private ServerSocket echo;
    private FaultProxy proxy;

    @BeforeEach
    void startEchoServerBehindTheProxy() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket s = echo.accept();
                    Thread.ofVirtual().start(() -> {
                        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                            in.transferTo(out);
                        } catch (IOException ignored) {
                            // client went away
                        }
                    });
                } catch (IOException closed) {
                    return;
                }
            }
        });
        proxy = FaultProxy.start(echo.getLocalPort());
    }

    @AfterEach
    void close() throws IOException {
        proxy.close();
        echo.close();
    }

    @Test
    void bytesPassUnchangedAndAtOnceWithoutADelay() throws IOException {
        try (Socket client = connect()) {
            long start = System.nanoTime();
            assertThat(roundTrip(client, "hello")).isEqualTo("hello");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
        }
        assertThat(proxy.connections()).isEqualTo(1);
    }

    @Test
    void aDelayHoldsEveryChunkEachWayAndCanBeTakenBackOnAnOpenConnection() throws IOException {
        try (Socket client = connect()) {
            proxy.delay(Duration.ofMillis(300));
            long start = System.nanoTime();
            assertThat(roundTrip(client, "slow")).isEqualTo("slow");
            // there and back: twice the delay
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(600));

            proxy.delay(Duration.ZERO);
            start = System.nanoTime();
            assertThat(roundTrip(client, "fast")).isEqualTo("fast");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(300));
        }
    }

    @Test
    void aTargetThatIsDownClosesTheClientsConnection() throws IOException {
        int port = echo.getLocalPort();
        echo.close();
        // Keep the port taken but not listening: a free port in the ephemeral range can be picked as the source port
        // of the proxy's own connection to it, which then connects to itself and echoes (a TCP self-connect).
        try (Socket holder = new Socket(); Socket client = holdThenConnect(holder, port)) {
            client.setSoTimeout(5000);
            client.getOutputStream().write(1);
            assertThat(client.getInputStream().read()).isEqualTo(-1);
        } catch (java.net.SocketException reset) {
            // a reset is as good as a close: the client learns at once that nobody answers
        }
    }

    private Socket holdThenConnect(Socket holder, int port) throws IOException {
        holder.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return connect();
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        socket.setSoTimeout(5000);
        return socket;
    }

    private static String roundTrip(Socket client, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        client.getOutputStream().write(bytes);
        client.getOutputStream().flush();
        byte[] back = client.getInputStream().readNBytes(bytes.length);
        return new String(back, StandardCharsets.UTF_8);
    }
}
