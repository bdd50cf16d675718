package dev.mosaic.platform.dev;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The broker as its own process, as the dev stack runs it: a start that fails ends the process, saying why. */
class KafkaBrokerMainTest {

    @Test
    void aBrokerThatCannotBindItsPortExitsWithTheReason(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Path output = dir.resolve("kafka.log");
            Process broker = new ProcessBuilder(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), KafkaBrokerMain.class.getName(),
                    dir.resolve("data").toString(), String.valueOf(taken.getLocalPort()),
                    String.valueOf(FreePort.onLoopback())))
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            try {
                boolean exited = broker.waitFor(Duration.ofSeconds(60).toSeconds(), TimeUnit.SECONDS);

                assertThat(exited).as("the process ended instead of living on without a broker: " + read(output))
                        .isTrue();
                assertThat(broker.exitValue()).isEqualTo(1);
                assertThat(read(output)).contains("Kafka broker could not start on 127.0.0.1:" + taken.getLocalPort(),
                        "Address already in use");
            } finally {
                broker.destroyForcibly();
            }
        }
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    @Test
    void brokerSettingsComeFromSystemPropertiesPrefixedWithKafka() {
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("kafka.num.io.threads", "2");
        properties.setProperty("kafka.offsets.topic.num.partitions", "1");
        properties.setProperty("kafka.", "nameless");
        properties.setProperty("mosaic.kafka.bootstrap", "127.0.0.1:9092");
        properties.setProperty("java.home", "/jdk");

        assertThat(KafkaBrokerMain.settings(properties))
                .containsExactlyInAnyOrderEntriesOf(java.util.Map.of("num.io.threads", "2", "offsets.topic.num.partitions", "1"));
    }
}
