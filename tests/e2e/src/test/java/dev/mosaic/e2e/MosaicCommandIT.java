package dev.mosaic.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code ./mosaic} as a user runs it, on the real jars: the whole stack up in the background, a request through the
 * gateway, a service killed and brought back, and nothing left behind by {@code down}. Every port shifted by 20000.
 */
class MosaicCommandIT {

    private static final MosaicStack STACK = new MosaicStack("mosaic", 20000, Map.of());
    private static final String PRODUCTS = STACK.url(8080, "/api/products");
    private static final HttpClient PLACING = HttpClient.newHttpClient();

    // Per test, not per class: a skipped test is reported with its reason, an aborted class is not.
    @BeforeEach
    void realJarsAreBuilt() {
        List<Path> missing = MosaicStack.missingJars("services/catalog/target/catalog-service.jar",
                "gateway/target/gateway.jar", "drill/target/drill.jar");
        Assumptions.assumeTrue(missing.isEmpty(), () -> "Skipping the ./mosaic end-to-end test: the jars it runs are not"
                + " built (or are empty module skeletons): " + missing + ". Run the whole build (./mvnw verify) or"
                + " ./mvnw -B -DskipTests package first.");
        STACK.clean();
    }

    @AfterAll
    static void leaveNothingRunning() {
        STACK.downAndKillLeftovers();
    }

    private static void customerCallsNeedTheTokenThatMosaicTokenPrints() {
        String token = STACK.ok("token", "--customer", "customer-9").output().strip();
        assertThat(token).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
        String orders = STACK.url(8080, "/api/orders");
        assertThat(MosaicStack.status(orders)).isEqualTo(401);
        assertThat(MosaicStack.status(orders, "Bearer " + token)).isEqualTo(200);
        assertThat(MosaicStack.status(orders, "Bearer " + token + "x")).isEqualTo(401);
        // A service port answers nobody without a credential; a developer calls it as a workload would.
        String catalog = STACK.url(8081, "/products");
        assertThat(MosaicStack.status(catalog)).isEqualTo(401);
        String workload = STACK.ok("token", "--service", "gateway", "--to", "catalog").output().strip();
        assertThat(MosaicStack.statusWith(catalog, Map.of("Workload-Authorization", "Bearer " + workload))).isEqualTo(200);
        String wrongCallee = STACK.ok("token", "--service", "gateway", "--to", "inventory").output().strip();
        assertThat(MosaicStack.statusWith(catalog, Map.of("Workload-Authorization", "Bearer " + wrongCallee))).isEqualTo(401);
    }

    private static void theGatewayAlsoServesHttpsWithTheGeneratedCertificate() {
        try {
            java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
            try (var in = java.nio.file.Files.newInputStream(STACK.home().resolve("tls").resolve("gateway-dev.p12"))) {
                trust.load(in, "mosaic-dev".toCharArray());
            }
            var factory = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            var tls = javax.net.ssl.SSLContext.getInstance("TLS");
            tls.init(null, factory.getTrustManagers(), null);
            var https = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
            var response = https.send(HttpRequest.newBuilder(
                    URI.create("https://localhost:" + STACK.port(8443) + "/api/products")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Strict-Transport-Security")).isPresent();
        } catch (Exception e) {
            throw new AssertionError("HTTPS through the generated development certificate failed: " + e, e);
        }
    }

    /**
     * A customer's first order after orders or inventory starts runs on classes from the started process's AOT cache,
     * which the dev stack trains with a placement through catalog, orders and inventory: none of the REST client, gRPC
     * (client or server), HTTP/2, protobuf or fault tolerance loads from the jars.
     */
    private static void theFirstPlacementAfterAStartRunsOnTheCachedClasses() throws Exception {
        if (Runtime.version().feature() < 25) {
            return; // no AOT cache before JDK 25
        }
        // The placement's own classes only: the saga's later steps (payment, then inventory committing the stock)
        // may run before the log is read, and a training run never reaches them (it has no payments).
        placeAfterAStartAndCheckTheClassesFromJars("orders", "io.grpc.", "com.google.protobuf.", "okio.",
                "dev.mosaic.orders.api.", "dev.mosaic.orders.client.", "org.glassfish.jersey.client.",
                "io.helidon.faulttolerance.", "io.helidon.microprofile.faulttolerance.");
        placeAfterAStartAndCheckTheClassesFromJars("inventory", "io.grpc.", "com.google.protobuf.",
                "io.helidon.http.http2.", "io.helidon.webserver.http2.", "io.helidon.webserver.grpc.",
                "dev.mosaic.inventory.grpc.");
    }

    private static void placeAfterAStartAndCheckTheClassesFromJars(String service, String... packages) throws Exception {
        Path classLog = STACK.home().resolve(service + "-class-load.log");
        STACK.ok("kill", service);
        // Logging options do not change which cache the start uses (they are not part of its key).
        STACK.ok(Map.of("MOSAIC_JAVA_OPTS", "-Xlog:class+load=info:file=" + classLog), "start", service);
        // Until inventory has answered a reservation over gRPC within the call's deadline (AWAITING_PAYMENT; PENDING
        // means it will come as an event): then both sides of the call have run.
        List<String> answers = new ArrayList<>();
        for (int attempt = 0; attempt < 3 && answers.stream().noneMatch(a -> a.contains("AWAITING_PAYMENT")); attempt++) {
            answers.add(placeThroughTheGateway(service, UUID.randomUUID().toString()));
        }
        assertThat(answers).as("placements after %s started", service).anyMatch(a -> a.contains("AWAITING_PAYMENT"));

        List<String> fromJars = java.nio.file.Files.readAllLines(classLog).stream()
                .filter(line -> line.contains("source: jar:") || line.contains("source: file:"))
                .map(line -> line.replaceAll("^.*\\] (\\S+) source:.*$", "$1"))
                .filter(name -> Stream.of(packages).anyMatch(name::startsWith))
                .toList();
        assertThat(fromJars).as("classes of a placement loaded by %s from the jars, not its AOT cache (%s)", service,
                classLog).isEmpty();
    }

    /**
     * One placement through the gateway, as a careful client makes it: with an Idempotency-Key, and asked again with
     * the same key while the gateway answers 503 ("Retry shortly"), three times at most. Each 503 is printed; one that
     * keeps the customer waiting more than 2.5 s also gets a thread dump of {@code service} and of the gateway, taken
     * while it waits, so that a stall says where it was.
     *
     * @return the 202's body
     */
    private static String placeThroughTheGateway(String service, String key) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(STACK.url(8080, "/api/orders")))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", STACK.bearer("customer-aot", false)).header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"lines\":[{\"sku\":\"COF-COL-250\",\"quantity\":1}],\"paymentToken\":\"tok_ok\"}"))
                .build();
        List<String> refused = new ArrayList<>();
        while (refused.size() < 3) {
            long sent = System.nanoTime();
            var pending = PLACING.sendAsync(request, HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> placed;
            try {
                placed = pending.get(2500, TimeUnit.MILLISECONDS);
            } catch (TimeoutException slow) {
                String why = "a placement after " + service + " started had no answer 2.5 s after it was sent";
                System.out.println(why + "; thread dumps: " + STACK.threadDump(service, why) + ", "
                        + STACK.threadDump("gateway", why));
                placed = pending.get(30, TimeUnit.SECONDS);
            }
            long tookMillis = (System.nanoTime() - sent) / 1_000_000;
            if (placed.statusCode() != 503) {
                assertThat(placed.statusCode()).as("%s (after %d ms; refused before: %s)", placed.body(), tookMillis,
                        refused).isEqualTo(202);
                return placed.body();
            }
            System.out.println("a placement after " + service + " started was refused after " + tookMillis + " ms: "
                    + placed.body() + "; asking again with the same Idempotency-Key");
            refused.add(tookMillis + " ms: " + placed.body());
        }
        throw new AssertionError("a placement after " + service + " started was refused three times: " + refused);
    }

    @Test
    void stackServesThroughTheGatewaySurvivesAKilledServiceAndStopsWithoutLeftovers() throws Exception {
        STACK.ok("up", "--detach");
        assertThat(MosaicStack.status(PRODUCTS)).isEqualTo(200);
        customerCallsNeedTheTokenThatMosaicTokenPrints();
        theGatewayAlsoServesHttpsWithTheGeneratedCertificate();
        theFirstPlacementAfterAStartRunsOnTheCachedClasses();

        STACK.ok("kill", "catalog");
        long killed = System.nanoTime();
        MosaicStack.awaitWithin(Duration.ofSeconds(3), "the gateway answers 503 while catalog is down",
                () -> MosaicStack.status(PRODUCTS) == 503);
        assertThat(Duration.ofNanos(System.nanoTime() - killed)).isLessThan(Duration.ofSeconds(3));

        STACK.ok("start", "catalog");
        // The gateway may hold its circuit to catalog open for a while after catalog came back.
        MosaicStack.awaitWithin(Duration.ofSeconds(30), "the gateway answers 200 again", () -> MosaicStack.status(PRODUCTS) == 200);

        MosaicStack.Result status = STACK.ok("status");
        assertThat(status.output()).containsPattern("kafka +\\d+ +" + STACK.port(9092) + " +UP")
                .containsPattern("catalog +\\d+ +" + STACK.port(8081) + " +UP")
                .containsPattern("gateway +\\d+ +" + STACK.port(8080) + " +UP");

        STACK.ok("down");
        assertThat(STACK.leftovers()).as("processes with -Dmosaic.home=%s after down", STACK.home()).isEmpty();
    }
}
