package dev.mosaic.gateway;

import java.io.IOException;
import java.net.ServerSocket;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.webserver.WebServer;

/** Starting a gateway from a YAML snippet, and an address where no upstream listens. */
final class TestGateways {

    private TestGateways() {
    }

    static WebServer start(String yaml) {
        return Gateway.start(Config.just(ConfigSources.create(yaml, MediaTypes.APPLICATION_YAML)));
    }

    /** A port on 127.0.0.1 that was free a moment ago: an upstream there refuses the connection. */
    static int portWithNothingListening() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
