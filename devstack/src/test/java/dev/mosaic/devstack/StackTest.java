package dev.mosaic.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mosaic.platform.auth.DevelopmentIssuer;
import dev.mosaic.platform.dev.KafkaBrokerMain;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class StackTest {

    private static final Path REPO = Path.of("/src/mosaic");

    private static Stack stack(String... env) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < env.length; i += 2) {
            map.put(env[i], env[i + 1]);
        }
        return new Stack(REPO, map, "/opt/devstack.jar:/opt/libs/*", ServiceSpec.ALL);
    }

    private static ServiceSpec spec(Stack stack, String name) {
        return stack.spec(name).orElseThrow();
    }

    @Test
    void everyProcessHasItsOwnPort() {
        List<Integer> ports = ServiceSpec.ALL.stream().map(ServiceSpec::basePort).toList();
        assertThat(ports).doesNotHaveDuplicates().doesNotContain(9093);
    }

    @Test
    void defaultPortsAreTheDocumentedOnes() {
        Stack stack = stack();
        assertThat(stack.port(spec(stack, "gateway"))).isEqualTo(8080);
        assertThat(stack.port(spec(stack, "catalog"))).isEqualTo(8081);
        assertThat(stack.port(spec(stack, "kafka"))).isEqualTo(9092);
        assertThat(stack.kafkaControllerPort()).isEqualTo(9093);
    }

    @Test
    void portOffsetShiftsEveryPort() {
        Stack stack = stack("MOSAIC_PORT_OFFSET", "20000");
        assertThat(stack.port(spec(stack, "gateway"))).isEqualTo(28080);
        assertThat(stack.port(spec(stack, "catalog"))).isEqualTo(28081);
        assertThat(stack.kafkaBootstrap()).isEqualTo("127.0.0.1:29092");
        assertThat(stack.boundPorts(spec(stack, "kafka"))).containsExactly(29092, 29093);
    }

    @Test
    void portOffsetThatIsNotANumberOrTooLargeIsRefusedWithTheVariableName() {
        assertThatThrownBy(() -> stack("MOSAIC_PORT_OFFSET", "lots"))
                .hasMessageContaining("MOSAIC_PORT_OFFSET").hasMessageContaining("lots");
        assertThatThrownBy(() -> stack("MOSAIC_PORT_OFFSET", "60000")).hasMessageContaining("MOSAIC_PORT_OFFSET");
        assertThatThrownBy(() -> stack("MOSAIC_PORT_OFFSET", "-1")).hasMessageContaining("MOSAIC_PORT_OFFSET");
    }

    @Test
    void stateLivesInDotMosaicUnlessMosaicHomeMovesIt() {
        assertThat(stack().home()).isEqualTo(REPO.resolve(".mosaic"));
        Stack moved = stack("MOSAIC_HOME", "/tmp/elsewhere");
        assertThat(moved.home()).isEqualTo(Path.of("/tmp/elsewhere"));
        assertThat(moved.logDir()).isEqualTo(Path.of("/tmp/elsewhere/logs"));
        assertThat(moved.runDir()).isEqualTo(Path.of("/tmp/elsewhere/run"));
        assertThat(moved.workDir(spec(moved, "catalog"))).isEqualTo(Path.of("/tmp/elsewhere/data/catalog"));
        assertThat(moved.workDir(spec(moved, "kafka"))).isEqualTo(Path.of("/tmp/elsewhere/kafka"));
    }

    @Test
    void servicesUseAnEmbeddedH2FileByDefault() {
        Stack stack = stack("MOSAIC_HOME", "/tmp/h");
        assertThat(stack.database(spec(stack, "catalog"))).isEqualTo(new Stack.Database(
                "jdbc:h2:file:/tmp/h/data/catalog/catalog;AUTO_SERVER=FALSE;WRITE_DELAY=0;CACHE_SIZE=2048", "sa", "sa", false));
    }

    @Test
    void postgresModeGivesEachServiceItsOwnDatabaseAndRole() {
        Stack stack = stack("MOSAIC_DB", "postgres");
        assertThat(stack.database(spec(stack, "catalog"))).isEqualTo(new Stack.Database(
                "jdbc:postgresql://127.0.0.1:5432/catalog", "catalog", "catalog", true));
        assertThat(stack.pgAdminUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/postgres");
        assertThat(stack.pgAdminUser()).isEqualTo("postgres");
        assertThat(stack.pgAdminPassword()).isEmpty();
    }

    @Test
    void postgresDatabasesLiveOnTheServerOfTheAdminUrl() {
        Stack stack = stack("MOSAIC_DB", "postgres",
                "MOSAIC_PG_ADMIN_URL", "jdbc:postgresql://db.local:6543/template1?sslmode=disable",
                "MOSAIC_PG_ADMIN_USER", "admin");
        assertThat(stack.database(spec(stack, "catalog")).url())
                .isEqualTo("jdbc:postgresql://db.local:6543/catalog?sslmode=disable");
        assertThat(stack.pgAdminUser()).isEqualTo("admin");
    }

    @Test
    void perServiceUrlWinsOverH2AndPostgres() {
        Stack onH2 = stack("MOSAIC_DB_URL_CATALOG", "jdbc:postgresql://10.0.0.5/shop");
        assertThat(onH2.database(spec(onH2, "catalog"))).isEqualTo(new Stack.Database(
                "jdbc:postgresql://10.0.0.5/shop", "catalog", "catalog", false));
        Stack onPostgres = stack("MOSAIC_DB", "postgres", "MOSAIC_DB_URL_CATALOG", "jdbc:h2:mem:catalog");
        assertThat(onPostgres.database(spec(onPostgres, "catalog"))).isEqualTo(new Stack.Database(
                "jdbc:h2:mem:catalog", "sa", "sa", false));
    }

    @Test
    void unknownDatabaseModeIsRefused() {
        assertThatThrownBy(() -> stack("MOSAIC_DB", "oracle")).hasMessageContaining("MOSAIC_DB").hasMessageContaining("oracle");
    }

    @Test
    void serviceCommandFollowsTheLaunchContract() {
        Stack stack = stack("MOSAIC_HOME", "/tmp/h", "MOSAIC_PORT_OFFSET", "100");
        List<String> cmd = stack.command(spec(stack, "catalog"));
        assertThat(cmd.getFirst()).isEqualTo(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        assertThat(cmd).containsSubsequence("-Dmosaic.process=catalog", "-Dmosaic.home=/tmp/h",
                "-Dserver.host=127.0.0.1", "-Dserver.port=8181", "-Dmosaic.data.dir=/tmp/h/data/catalog",
                "-Dmosaic.db.url=jdbc:h2:file:/tmp/h/data/catalog/catalog;AUTO_SERVER=FALSE;WRITE_DELAY=0;CACHE_SIZE=2048",
                "-Dmosaic.db.user=sa", "-Dmosaic.db.password=sa", "-Dmosaic.kafka.bootstrap=127.0.0.1:9192",
                "-jar", "/src/mosaic/services/catalog/target/catalog-service.jar");
        assertThat(cmd).contains("-XX:+UseSerialGC", "-Xss512k");
        assertThat(cmd.getLast()).isEqualTo("/src/mosaic/services/catalog/target/catalog-service.jar");
    }

    @Test
    void gatewayIsToldWhereEveryServiceIs() {
        Stack stack = stack("MOSAIC_PORT_OFFSET", "20000");
        List<String> cmd = stack.command(spec(stack, "gateway"));
        assertThat(cmd).containsSubsequence("-Dmosaic.process=gateway", "-Dserver.port=28080",
                "-Dmosaic.upstream.catalog=http://127.0.0.1:28081", "-jar", "/src/mosaic/gateway/target/gateway.jar");
        assertThat(cmd).noneMatch(arg -> arg.startsWith("-Dmosaic.db."));
    }

    @Test
    void onlyTheLocalGatewayOffersTheDevelopmentSignInWithThisStacksIssuer() {
        Stack stack = stack("MOSAIC_PORT_OFFSET", "20000");
        assertThat(stack.command(spec(stack, "gateway")))
                .contains("-Dmosaic.gateway.dev-sign-in.issuer-dir=" + stack.home().resolve("auth"));
        assertThat(stack.command(spec(stack, "orders"))).noneMatch(arg -> arg.contains("dev-sign-in"));
    }

    @Test
    void theGatewayLoadsTheDevelopmentIssuerFromTheJarThisOrchestratorRunsWith() {
        Stack stack = stack();
        String jar = stack.command(spec(stack, "gateway")).stream()
                .filter(arg -> arg.startsWith("-Dmosaic.gateway.dev-sign-in.jar=")).findFirst().orElseThrow()
                .substring("-Dmosaic.gateway.dev-sign-in.jar=".length());
        // platform-dev's jar in a built tree, its classes folder here: either way the issuer's provider is in it.
        Path registration = Path.of(jar).resolve("META-INF/services/" + DevelopmentIssuer.Provider.class.getName());
        assertThat(Files.isDirectory(Path.of(jar)) ? Files.exists(registration) : Files.isRegularFile(Path.of(jar)))
                .as(jar).isTrue();
    }

    @Test
    void brokerRunsFromTheDevstackClasspathWithItsPortsAndDataDirectory() {
        Stack stack = stack("MOSAIC_HOME", "/tmp/h");
        assertThat(stack.command(spec(stack, "kafka"))).containsSubsequence("-Dmosaic.process=kafka",
                "-cp", "/opt/devstack.jar:/opt/libs/*", "dev.mosaic.platform.dev.KafkaBrokerMain",
                "/tmp/h/kafka", "9092", "9093");
    }

    @Test
    void extraJavaOptionsReachEveryProcessBeforeItsMainClass() {
        Stack stack = stack("MOSAIC_JAVA_OPTS", " -Xmx256m  -Dfoo=bar ");
        for (ServiceSpec spec : stack.specs()) {
            List<String> cmd = stack.command(spec);
            assertThat(cmd).containsSubsequence("-Xmx256m", "-Dfoo=bar");
            assertThat(cmd.indexOf("-Dfoo=bar")).isLessThan(Math.max(cmd.indexOf("-jar"), cmd.indexOf("-cp")));
        }
    }

    @Test
    void oneProcessGetsOptionsOfItsOwnAfterThoseOfEveryProcess() {
        Stack stack = stack("MOSAIC_JAVA_OPTS", "-XX:NewRatio=2", "MOSAIC_JAVA_OPTS_ORDERS", "-XX:TieredStopAtLevel=4 -Xmx200m");

        assertThat(stack.command(spec(stack, "orders"))).containsSubsequence("-XX:TieredStopAtLevel=1", "-XX:NewRatio=2",
                "-XX:TieredStopAtLevel=4", "-Xmx200m", "-jar");
        for (String other : List.of("kafka", "inventory", "gateway")) {
            assertThat(stack.command(spec(stack, other))).as(other).contains("-XX:NewRatio=2")
                    .doesNotContain("-XX:TieredStopAtLevel=4", "-Xmx200m");
        }
    }

    @Test
    void everyHeapIsSizedFromItsLiveSetAndTheOptionsOfTheUserComeLaterSoTheyWin() {
        Stack stack = stack("MOSAIC_JAVA_OPTS", "-Xmx300m");
        assertThat(stack.command(spec(stack, "kafka"))).containsSubsequence("-Xmx128m", "-XX:+ExitOnOutOfMemoryError", "-Xmx300m");
        assertThat(stack.command(spec(stack, "orders"))).containsSubsequence("-Xmx128m", "-Xmx300m");
        assertThat(stack.command(spec(stack, "gateway"))).containsSubsequence("-Xmx96m", "-Xmx300m");
    }

    @Test
    void servicesAndTheGatewayGiveHalfTheirHeapToTheYoungGenerationKafkaAThirdAndTheUserCanSayOtherwise() {
        Stack stack = stack("MOSAIC_JAVA_OPTS", "-XX:NewRatio=3");
        for (ServiceSpec spec : stack.specs()) {
            if (spec.kind() == ServiceSpec.Kind.KAFKA) {
                assertThat(stack.command(spec)).as(spec.name()).doesNotContain("-XX:NewRatio=1").contains("-XX:NewRatio=3");
            } else {
                assertThat(stack.command(spec)).as(spec.name()).containsSubsequence("-XX:NewRatio=1", "-XX:NewRatio=3");
            }
        }
    }

    @Test
    void servicesAndTheGatewayStartWithASmallHeapThatGrowsKafkaWithItsWholeHeap() {
        Stack stack = stack("MOSAIC_JAVA_OPTS", "-Xms64m");
        assertThat(stack.command(spec(stack, "orders"))).containsSubsequence("-Xmx128m", "-Xms48m", "-Xms64m");
        assertThat(stack.command(spec(stack, "gateway"))).containsSubsequence("-Xmx96m", "-Xms48m", "-Xms64m");
        assertThat(stack.command(spec(stack, "kafka"))).doesNotContain("-Xms48m", "-Xms16m");
    }

    @Test
    void servicesAndTheGatewayCollectNoHeapForCompiledCodeThatStaysInUse() {
        Stack stack = stack();
        assertThat(stack.command(spec(stack, "orders"))).contains("-XX:SweeperThreshold=50");
        assertThat(stack.command(spec(stack, "gateway"))).contains("-XX:SweeperThreshold=50");
        assertThat(stack.command(spec(stack, "kafka"))).noneMatch(arg -> arg.startsWith("-XX:SweeperThreshold"));
    }

    @Test
    void everyProcessCompilesWithC1AloneUnlessTheUserAsksForTheFullJit() {
        Stack stack = stack();
        for (String name : List.of("kafka", "orders", "gateway")) {
            assertThat(stack.command(spec(stack, name))).contains("-XX:TieredStopAtLevel=1");
        }
        // Later on the line, so it wins: the full tiered JIT for a long-running stack.
        Stack tiered = stack("MOSAIC_JAVA_OPTS", "-XX:TieredStopAtLevel=4");
        assertThat(tiered.command(spec(tiered, "orders"))).containsSubsequence("-XX:TieredStopAtLevel=1", "-XX:TieredStopAtLevel=4");
    }

    @Test
    void relativeClasspathEntriesAreMadeAbsoluteForChildrenInOtherDirectories() {
        String cwd = Path.of("").toAbsolutePath().toString();
        assertThat(Stack.absolute("target/devstack.jar" + File.pathSeparator + "target/libs/*"))
                .isEqualTo(cwd + "/target/devstack.jar" + File.pathSeparator + cwd + "/target/libs/*");
    }

    @Test
    void readyTimeoutIsConfigurableAndMustBePositive() {
        assertThat(stack().readyTimeout().toSeconds()).isEqualTo(120);
        assertThat(stack("MOSAIC_READY_TIMEOUT", "5").readyTimeout().toSeconds()).isEqualTo(5);
        assertThatThrownBy(() -> stack("MOSAIC_READY_TIMEOUT", "0").readyTimeout())
                .hasMessageContaining("MOSAIC_READY_TIMEOUT");
    }

    @Test
    void oneConsumerCanReachAnUpstreamElsewhereWhileTheOthersKeepItsOwnPort() {
        Stack stack = stack("MOSAIC_PORT_OFFSET", "1000").withUpstream("orders", "inventory", "http://127.0.0.1:41234");

        assertThat(stack.command(spec(stack, "orders"))).contains("-Dmosaic.upstream.inventory=http://127.0.0.1:41234",
                "-Dmosaic.upstream.catalog=http://127.0.0.1:9081");
        assertThat(stack.command(spec(stack, "gateway"))).contains("-Dmosaic.upstream.inventory=http://127.0.0.1:9082");
    }

    @Test
    void anotherEnvironmentKeepsTheUpstreamsThatWereMovedAndChangesTheRest() {
        Stack stack = stack().withUpstream("orders", "inventory", "http://127.0.0.1:41234")
                .withEnvironment(Map.of("MOSAIC_HOME", "/tmp/drill", "MOSAIC_PORT_OFFSET", "5"));

        assertThat(stack.home()).isEqualTo(Path.of("/tmp/drill"));
        assertThat(stack.port(spec(stack, "catalog"))).isEqualTo(8086);
        assertThat(stack.command(spec(stack, "orders"))).contains("-Dmosaic.upstream.inventory=http://127.0.0.1:41234");
    }

    @Test
    void aotCacheIsOnByDefaultAndCanBeTurnedOff() {
        Stack stack = stack();
        ServiceSpec catalog = spec(stack, "catalog");
        assertThat(stack.aotCache(spec(stack, "kafka"))).as("the broker's jar is not built").isEmpty();
        assertThat(stack("MOSAIC_AOT", "off").aotCache(catalog)).isEmpty();
        assertThatThrownBy(() -> stack("MOSAIC_AOT", "sometimes").aotCache(catalog))
                .hasMessageContaining("MOSAIC_AOT").hasMessageContaining("sometimes");
    }

    @Test
    void aServiceStartsFromItsCacheOnceOneIsWrittenAndItsKeyStaysTheSame(@org.junit.jupiter.api.io.TempDir Path repo)
            throws java.io.IOException {
        Path target = java.nio.file.Files.createDirectories(repo.resolve("services/catalog/target"));
        java.nio.file.Files.writeString(target.resolve("catalog-service.jar"), "jar");
        Stack stack = new Stack(repo, Map.of("MOSAIC_HOME", repo.resolve("home").toString()), "/opt/devstack.jar",
                ServiceSpec.ALL);
        ServiceSpec catalog = spec(stack, "catalog");
        Path file = stack.aotCache(catalog).orElseThrow().file();
        assertThat(stack.command(catalog)).noneMatch(arg -> arg.startsWith("-XX:AOTCache"));

        java.nio.file.Files.createDirectories(file.getParent());
        java.nio.file.Files.writeString(file, "cache");

        assertThat(stack.command(catalog)).contains("-XX:AOTCache=" + file);
        assertThat(stack.aotCache(catalog).orElseThrow().file()).as("the cache's own options do not change its key")
                .isEqualTo(file);
        assertThat(stack.aotCache(catalog).orElseThrow().exists()).isTrue();
        assertThat(stack.trainingCommand(catalog, repo.resolve("out.aot"), 1234, 1235, repo.resolve("scratch"),
                Stack.NO_BROKER))
                .contains("-XX:AOTCacheOutput=" + repo.resolve("out.aot"), "-Dserver.port=1234",
                        "-Dmosaic.kafka.bootstrap=127.0.0.1:1")
                .noneMatch(arg -> arg.startsWith("-XX:AOTCache="));
        assertThat(stack.peerCommand(catalog, 2345, 2346, repo.resolve("peer"), "127.0.0.1:3456"))
                .as("a process beside a training run starts from its own cache, on scratch data, and writes no cache")
                .contains("-XX:AOTCache=" + file, "-Dserver.port=2345", "-Dmosaic.data.dir=" + repo.resolve("peer"),
                        "-Dmosaic.db.url=jdbc:h2:file:" + repo.resolve("peer").resolve("catalog") + ";WRITE_DELAY=0;CACHE_SIZE=2048",
                        "-Dmosaic.kafka.bootstrap=127.0.0.1:3456")
                .noneMatch(arg -> arg.startsWith("-XX:AOTCacheOutput="));
        assertThat(stack.trainingCommand(catalog, repo.resolve("out.aot"), 1234, 1235, repo.resolve("scratch"),
                "127.0.0.1:3456")).contains("-Dmosaic.kafka.bootstrap=127.0.0.1:3456");
    }

    @Test
    void theTrainingRunsBrokerIsTheStacksBrokerOnScratchDataAndPortsOfItsOwn(@org.junit.jupiter.api.io.TempDir Path repo) {
        Stack stack = new Stack(repo, Map.of("MOSAIC_HOME", repo.resolve("home").toString()), "/opt/devstack.jar",
                ServiceSpec.ALL);
        List<String> stacks = stack.command(spec(stack, "kafka"));
        List<String> training = stack.trainingBrokerCommand(repo.resolve("scratch"), 4567, 4568, Optional.empty());

        assertThat(training.subList(training.size() - 3, training.size()))
                .containsExactly(repo.resolve("scratch").toString(), "4567", "4568");
        assertThat(training.subList(0, training.size() - 3)).isEqualTo(stacks.subList(0, stacks.size() - 3));
        assertThat(training).doesNotContain(stack.workDir(spec(stack, "kafka")).toString(),
                String.valueOf(stack.port(spec(stack, "kafka"))));
    }

    @Test
    void theBrokerStartsFromACacheBesideTheJarItRunsFromAndItsTrainingRunWritesIt(@org.junit.jupiter.api.io.TempDir Path repo)
            throws java.io.IOException {
        Path jar = java.nio.file.Files.createDirectories(repo.resolve("drill/target")).resolve("drill.jar");
        java.nio.file.Files.writeString(jar, "jar");
        Map<String, String> env = Map.of("MOSAIC_HOME", repo.resolve("home").toString());
        Stack stack = new Stack(repo, env, jar + File.pathSeparator + jar.resolveSibling("libs") + "/*", ServiceSpec.ALL);
        ServiceSpec kafka = spec(stack, "kafka");
        Path file = stack.aotCache(kafka).orElseThrow().file();

        assertThat(file.getParent()).isEqualTo(jar.resolveSibling(AotCache.DIRECTORY));
        assertThat(file.getFileName().toString()).startsWith("kafka-").endsWith(".aot");
        assertThat(stack.command(kafka)).noneMatch(arg -> arg.startsWith("-XX:AOTCache"));
        assertThat(stack.trainingBrokerCommand(repo.resolve("scratch"), 4567, 4568, Optional.of(repo.resolve("out.aot"))))
                .contains("-XX:AOTCacheOutput=" + repo.resolve("out.aot"))
                .noneMatch(arg -> arg.startsWith("-XX:AOTCache="));

        java.nio.file.Files.createDirectories(file.getParent());
        java.nio.file.Files.writeString(file, "cache");
        assertThat(stack.command(kafka)).contains("-XX:AOTCache=" + file);
        assertThat(stack.trainingBrokerCommand(repo.resolve("scratch"), 4567, 4568, Optional.empty()))
                .as("the training runs' broker, not training its own cache, starts without one")
                .noneMatch(arg -> arg.startsWith("-XX:AOTCache"));
        assertThat(new Stack(repo, env, repo.resolve("classes") + File.pathSeparator + jar, ServiceSpec.ALL).aotCache(kafka))
                .as("a classpath that does not begin with a jar keys no cache").isEmpty();
    }

    @Test
    void loggingOptionsKeepTheCacheAndOtherJvmOptionsChangeIt(@org.junit.jupiter.api.io.TempDir Path repo)
            throws java.io.IOException {
        Path target = java.nio.file.Files.createDirectories(repo.resolve("services/catalog/target"));
        java.nio.file.Files.writeString(target.resolve("catalog-service.jar"), "jar");
        Map<String, String> env = Map.of("MOSAIC_HOME", repo.resolve("home").toString());
        Path plain = aotFile(repo, env, "catalog");

        assertThat(aotFile(repo, with(env, "MOSAIC_JAVA_OPTS", "-Xlog:class+load=info:file=/tmp/x.log"), "catalog"))
                .isEqualTo(plain);
        assertThat(aotFile(repo, with(env, "MOSAIC_JAVA_OPTS", "-XX:+UseParallelGC"), "catalog")).isNotEqualTo(plain);
        assertThat(aotFile(repo, with(env, "MOSAIC_JAVA_OPTS_CATALOG", "-XX:+UseParallelGC"), "catalog"))
                .as("its own options key its own cache").isNotEqualTo(plain);
        assertThat(aotFile(repo, with(env, "MOSAIC_JAVA_OPTS_ORDERS", "-XX:+UseParallelGC"), "catalog"))
                .as("another process's options do not").isEqualTo(plain);
    }

    private static Path aotFile(Path repo, Map<String, String> env, String name) {
        Stack stack = new Stack(repo, env, "/opt/devstack.jar", ServiceSpec.ALL);
        return stack.aotCache(spec(stack, name)).orElseThrow().file();
    }

    private static Map<String, String> with(Map<String, String> env, String key, String value) {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put(key, value);
        return all;
    }

    @Test
    void aTrainingRunCallsItsPeersWhereTheyListen(@org.junit.jupiter.api.io.TempDir Path repo) throws java.io.IOException {
        Path target = java.nio.file.Files.createDirectories(repo.resolve("services/orders/target"));
        java.nio.file.Files.writeString(target.resolve("orders-service.jar"), "jar");
        Stack stack = new Stack(repo, Map.of("MOSAIC_HOME", repo.resolve("home").toString()), "/opt/devstack.jar",
                ServiceSpec.ALL).withUpstream("orders", "inventory", "http://127.0.0.1:41234");

        assertThat(stack.trainingCommand(spec(stack, "orders"), repo.resolve("out.aot"), 1234, 1235, repo.resolve("scratch"),
                Stack.NO_BROKER))
                .contains("-Dmosaic.upstream.inventory=http://127.0.0.1:41234",
                        "-Dmosaic.upstream.catalog=http://127.0.0.1:" + stack.port(spec(stack, "catalog")));
    }
}
