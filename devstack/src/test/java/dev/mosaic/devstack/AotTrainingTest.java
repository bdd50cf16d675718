package dev.mosaic.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mosaic.platform.dev.FreePort;

class AotTrainingTest {

    private static ServiceSpec spec(String name) {
        return ServiceSpec.ALL.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void ordersAndInventoryAreTrainedWithWhatTheFirstPlacementCallsAndTheGatewayWithWhatServesItsFirstAnswer() {
        assertThat(AotTraining.peersOf(spec("orders"))).containsExactly("catalog", "inventory");
        assertThat(AotTraining.peersOf(spec("inventory"))).containsExactly("catalog", "orders");
        assertThat(AotTraining.peersOf(spec("gateway"))).containsExactly("catalog");
        assertThat(AotTraining.peersOf(spec("catalog"))).isEmpty();
        assertThat(AotTraining.peersOf(spec("payments"))).isEmpty();
    }

    @Test
    void processesWithPeersAreTrainedAfterTheRestSoThatTheirPeersStartFromTheCachesJustWritten() {
        List<ServiceSpec> all = List.of(spec("gateway"), spec("catalog"), spec("orders"), spec("inventory"), spec("payments"));

        assertThat(AotTraining.phases(all)).containsExactly(
                List.of(spec("catalog"), spec("payments")),
                List.of(spec("gateway"), spec("orders"), spec("inventory")));
        assertThat(AotTraining.phases(List.of(spec("orders")))).containsExactly(List.of(spec("orders")));
        assertThat(AotTraining.phases(List.of())).isEmpty();
    }

    @Test
    void aRunWhosePortWasTakenBeforeItCouldListenIsStartedAgainOnNewPortsAndWritesItsCache(@TempDir Path dir)
            throws Exception {
        Assumptions.assumeTrue(Runtime.version().feature() >= 25, "AOT caches are written by JDK 25 and later");
        Path repo = FakeRepo.create(dir.resolve("repo"));
        Stack stack = new Stack(repo, Map.of("MOSAIC_HOME", dir.resolve("home").toString()), "", ServiceSpec.ALL);
        List<String> said = new ArrayList<>();
        try (ServerSocket taken = new ServerSocket()) {
            // What another process does between the choice of a port and the run's bind: it listens there first.
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            Iterator<Integer> first = List.of(taken.getLocalPort()).iterator();
            AotTraining training = new AotTraining(stack, () -> first.hasNext() ? first.next() : FreePort.onLoopback());

            String outcome = training.train(spec("catalog"), Stack.NO_BROKER, said::add);

            assertThat(outcome).startsWith("catalog: AOT cache written");
            assertThat(said).containsExactly("catalog: a port of its AOT training run was taken before the run could"
                    + " listen on it; starting it again on new ports");
            assertThat(stack.aotCache(spec("catalog")).orElseThrow().exists()).isTrue();
        }
    }

    @Test
    void aRunThatFailsForAnotherReasonIsNotStartedAgainAndLeavesNoCacheForLaterStarts(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Runtime.version().feature() >= 25, "AOT caches are written by JDK 25 and later");
        Path repo = FakeRepo.create(dir.resolve("repo"));
        Stack stack = new Stack(repo, Map.of("MOSAIC_HOME", dir.resolve("home").toString(),
                "MOSAIC_JAVA_OPTS", "-Dfake.mode=crash"), "", ServiceSpec.ALL);
        List<String> said = new ArrayList<>();
        List<Integer> chosen = new ArrayList<>();
        AotTraining training = new AotTraining(stack, () -> {
            int port = FreePort.onLoopback();
            chosen.add(port);
            return port;
        });

        String outcome = training.train(spec("payments"), Stack.NO_BROKER, said::add);

        assertThat(outcome).startsWith("payments: no AOT cache (it did not answer /health/live within 180 s;");
        assertThat(said).isEmpty();
        assertThat(chosen).as("its port and its second listener's, once").hasSize(2);
        assertThat(stack.aotCache(spec("payments")).orElseThrow().exists()).isFalse();
    }

    @Test
    void theTrainingRunsBrokerWhosePortWasTakenStartsAgainOnNewPorts(@TempDir Path dir) throws Exception {
        Stack stack = new Stack(dir, Map.of("MOSAIC_HOME", dir.resolve("home").toString()),
                System.getProperty("java.class.path"), ServiceSpec.ALL);
        List<String> said = new ArrayList<>();
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            Iterator<Integer> first = List.of(taken.getLocalPort()).iterator();

            Optional<AotTraining.Broker> broker = AotTraining.Broker.start(stack,
                    () -> first.hasNext() ? first.next() : FreePort.onLoopback(), Optional.empty(), said::add);

            try {
                assertThat(said).isEmpty();
                assertThat(broker).hasValueSatisfying(started -> assertThat(started.bootstrap())
                        .startsWith("127.0.0.1:").isNotEqualTo("127.0.0.1:" + taken.getLocalPort()));
            } finally {
                broker.ifPresent(AotTraining.Broker::stop);
            }
        }
    }

    @Test
    void theTrainingRunsBrokerTrainsTheBrokersOwnCacheAndWritesItAsItStops(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Runtime.version().feature() >= 25, "AOT caches need JDK 25");
        // The broker's classpath as the stack's: a jar first (the cache's key and place), then the broker's jars. A JVM
        // writes no AOT cache from classes in a directory, so the test's own class directories are left out.
        List<String> jars = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.endsWith(".jar")).toList();
        Assumptions.assumeTrue(jars.stream().anyMatch(jar -> jar.contains("platform-dev")),
                "platform-dev is a jar on the test's classpath (as in a Maven build)");
        Path launcher = Files.createDirectories(dir.resolve("launcher")).resolve("drill.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (JarOutputStream empty = new JarOutputStream(Files.newOutputStream(launcher), manifest)) {
            empty.flush();
        }
        Stack stack = new Stack(dir, Map.of("MOSAIC_HOME", dir.resolve("home").toString()),
                launcher + File.pathSeparator + String.join(File.pathSeparator, jars), ServiceSpec.ALL);
        AotCache cache = stack.aotCache(spec("kafka")).orElseThrow();
        List<String> said = new ArrayList<>();

        Optional<AotTraining.Broker> broker = AotTraining.Broker.start(stack, FreePort::onLoopback, Optional.of(cache),
                said::add);

        assertThat(said).isEmpty();
        assertThat(broker).isPresent();
        assertThat(cache.exists()).as("not before it stops").isFalse();
        Optional<String> told = broker.get().stop();
        assertThat(told).hasValueSatisfying(line -> assertThat(line).startsWith("kafka: AOT cache written (")
                .endsWith(cache.file().toString()));
        assertThat(cache.exists()).isTrue();
        assertThat(stack.command(spec("kafka"))).contains("-XX:AOTCache=" + cache.file());
        try (Stream<Path> beside = Files.list(cache.file().getParent())) {
            assertThat(beside).as("no scratch left beside it").containsExactly(cache.file());
        }
    }
}
