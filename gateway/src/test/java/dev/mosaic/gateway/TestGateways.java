package dev.mosaic.gateway;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.webserver.WebServer;

/** Starting a gateway from a YAML snippet, and an address where no upstream listens. */
public final class TestGateways {

    private TestGateways() {
    }

    public static WebServer start(String yaml) {
        return Gateway.start(Config.just(ConfigSources.create(yaml, MediaTypes.APPLICATION_YAML)));
    }

    /**
     * A port on 127.0.0.1 where nothing listens: an upstream there refuses the connection. Taken below the kernel's
     * ephemeral range, never from it: a port handed out by a bind to port 0 and closed again goes to the next such
     * bind, which may be the test's own gateway (it starts on port 0), and the "down" upstream then answers.
     */
    public static int portWithNothingListening() throws IOException {
        int ephemeralLow = 32768;
        try {
            // A reader, not Files.readString: procfs reports a size its files do not have, and readString trusts it.
            ephemeralLow = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).getFirst()
                    .trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            // Not Linux: its usual range starts at 32768 or 49152; below 32768 is outside both.
        }
        int below = ephemeralLow > 20_001 ? Math.min(ephemeralLow, 32768) : 32768;
        for (int port = below - 1; port > 20_000; port--) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return port;
            } catch (IOException taken) {
                // someone listens there: try the next one down
            }
        }
        throw new IOException("no free port between 20000 and " + ephemeralLow + " on 127.0.0.1");
    }
}
