package dev.mosaic.gateway;

import java.util.logging.Level;
import java.util.logging.Logger;

import io.helidon.config.Config;
import io.helidon.logging.common.LogConfig;
import io.helidon.webserver.WebServer;

/** Entry point of {@code java -jar gateway.jar}: load config, start the gateway, say where it listens. */
public final class GatewayMain {

    private GatewayMain() {
    }

    public static void main(String[] args) {
        LogConfig.configureRuntime();
        Logger logger = Logger.getLogger(GatewayMain.class.getName());
        try {
            Config config = GatewayConfig.load(System.getenv(), System.getProperties());
            WebServer server = Gateway.start(config);
            logger.info("Gateway listening on http://" + config.get("server.host").asString().orElse("0.0.0.0")
                                + ":" + server.port());
        } catch (RuntimeException e) {
            // Misconfiguration is the usual cause: one line that names the key beats a stack trace.
            logger.log(Level.SEVERE, "Gateway failed to start: " + e.getMessage(), e);
            System.exit(1);
        }
    }
}
