package dev.mosaic.platform.dev;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs {@link KafkaBroker} as its own process: {@code KafkaBrokerMain <data-dir> <port> <controller-port>}, with
 * any broker setting given as {@code -Dkafka.<setting>=<value>} ({@link #settings}).
 * Stops cleanly on SIGTERM/SIGINT so the log is not left for recovery.
 */
public final class KafkaBrokerMain {

    private static final String PREFIX = "kafka.";

    // JUL keeps loggers weakly; holding the root keeps the level set in main.
    private static final Logger ROOT_LOGGER = Logger.getLogger("");

    private KafkaBrokerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 3) {
            System.err.println("usage: KafkaBrokerMain <data-dir> <port> <controller-port>");
            System.exit(2);
        }
        quietLogging();
        KafkaBroker broker;
        try {
            broker = KafkaBroker.start(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                    settings(System.getProperties()));
        } catch (RuntimeException e) {
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            System.err.println("Kafka broker could not start on 127.0.0.1:" + args[1] + " (controller port " + args[2]
                    + "): " + cause);
            e.printStackTrace();
            // Threads the broker started before it failed (its controller, its network threads) are not daemons:
            // without an exit this process would live on without a broker, and whoever waits for it would wait.
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Kafka broker stopping");
            broker.close();
            System.out.println("Kafka broker stopped");
            stopped.countDown();
        }, "kafka-shutdown"));
        System.out.println("Kafka broker ready on " + broker.bootstrapServers());
        stopped.await();
    }

    /**
     * Broker settings given as system properties prefixed with {@code kafka.}: {@code -Dkafka.num.io.threads=2} sets
     * {@code num.io.threads} over the platform's value (for instance through {@code MOSAIC_JAVA_OPTS_KAFKA}).
     */
    static Map<String, String> settings(Properties properties) {
        Map<String, String> settings = new TreeMap<>();
        for (String name : properties.stringPropertyNames()) {
            if (name.startsWith(PREFIX) && name.length() > PREFIX.length()) {
                settings.put(name.substring(PREFIX.length()), properties.getProperty(name));
            }
        }
        return settings;
    }

    /**
     * The broker logs through SLF4J to JUL (when slf4j-jdk14 is on the classpath). At INFO it prints hundreds of
     * lines on every start; warnings and errors, one line each, are what a developer reading the log needs.
     * {@code -Djava.util.logging.config.file=...} still takes over.
     */
    private static void quietLogging() {
        if (System.getProperty("java.util.logging.config.file") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT.%1$tL %4$s %3$s - %5$s%6$s%n");
            ROOT_LOGGER.setLevel(Level.WARNING);
        }
    }
}
