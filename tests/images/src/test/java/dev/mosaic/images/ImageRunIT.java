package dev.mosaic.images;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Starts an image as a container runtime would, without one: its layers unpacked into a root filesystem, its
 * entrypoint run there under chroot as the image's user, with the image's environment plus the {@code PORT} the
 * platform picks. Ready means the health probes answer on that port, on an address other than loopback too. An
 * image with an AOT cache must start with it ({@code -XX:AOTMode=on}), which proves the cache fits the image.
 *
 * <p>chroot needs root, which CI has. Elsewhere this fails and says so; {@code -Dmosaic.images.run=false} leaves
 * it out on purpose, and the tests then fail with that reason rather than pass having run nothing.
 */
class ImageRunIT {

    private static final Duration READY_WITHIN = Duration.ofSeconds(180);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void needsRootForChroot() throws IOException {
        if ("false".equals(System.getProperty("mosaic.images.run"))) {
            fail("Starting the images was switched off (-Dmosaic.images.run=false): nothing proves they run");
        }
        String uid = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("Uid:")).findFirst().orElse("Uid: ?").split("\\s+")[1];
        if (!"0".equals(uid)) {
            fail("Starting an image needs root (chroot, mounting /proc, device nodes), and this build runs as uid "
                    + uid + ". CI runs as root; run the build as root, or pass -Dmosaic.images.run=false to leave "
                    + "this test out knowingly");
        }
    }

    @Test
    void catalogImageStartsAsNonRootOnPortWithH2InItsWorkingDirectory() throws Exception {
        Modules.Deployable catalog = Modules.named("services/catalog");
        // No broker: liveness and startup do not need one, readiness does (and is not awaited here).
        startAndAwaitLive(catalog, Map.of(
                "MOSAIC_DB_URL", "jdbc:h2:file:/var/lib/mosaic/data/catalog;WRITE_DELAY=0",
                "MOSAIC_KAFKA_BOOTSTRAP", "127.0.0.1:1"),
                rootfs -> assertThat(rootfs.resolve("var/lib/mosaic/data/catalog.mv.db"))
                        .as("the H2 database, written by the image's user into its working directory").exists());
    }

    @Test
    void gatewayImageStartsOnPort() throws Exception {
        // The gateway will not start without token settings (its routes need callers); the variables are named as
        // the Knative manifests name them. Keys are fetched only when a token arrives.
        startAndAwaitLive(Modules.named("gateway"), Map.of(
                "MOSAIC_AUTH_JWKS_URL", "http://127.0.0.1:1/jwks.json",
                "MOSAIC_AUTH_ISSUER", "mosaic-test",
                "MOSAIC_AUTH_AUDIENCE", "mosaic"), rootfs -> { });
    }

    /** What to check in the root filesystem once the image answers. */
    private interface RootfsCheck {
        void check(Path rootfs) throws Exception;
    }

    private static void startAndAwaitLive(Modules.Deployable module, Map<String, String> extraEnv, RootfsCheck check)
            throws Exception {
        Path work = Modules.work().resolve("run").resolve(module.artifact());
        OciImage image = OciImage.open(module.imageTar(), work.resolve("oci"));
        try (Rootfs rootfs = Rootfs.unpack(image, work.resolve("rootfs"))) {
            int port = freePort();
            List<String> command = new ArrayList<>(List.of(chroot(), "--userspec=" + image.runConfig().getString("User"),
                    rootfs.path().toString()));
            command.addAll(image.entrypoint());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(work.resolve("output.log").toFile());
            builder.environment().clear();
            builder.environment().putAll(image.env());
            builder.environment().putAll(extraEnv);
            builder.environment().put("PORT", Integer.toString(port));
            if (image.entrypoint().contains("-XX:AOTCache=/app/app.aot")) {
                // A cache that does not fit the image's files is ignored silently by default; here it must fail.
                builder.environment().merge("JDK_JAVA_OPTIONS", "-XX:AOTMode=on", (a, b) -> a + " " + b);
            }
            Process process = builder.start();
            try {
                awaitUp(process, "http://127.0.0.1:" + port + "/health/live", work.resolve("output.log"));
                assertThat(get("http://127.0.0.1:" + port + "/health/started").statusCode()).isEqualTo(200);
                // SERVER_HOST=0.0.0.0 from the image: reachable on this machine's own address, not only loopback.
                Optional<String> external = externalAddress();
                if (external.isPresent()) {
                    assertThat(get("http://" + external.get() + ":" + port + "/health/live").statusCode())
                            .as("/health/live on " + external.get()).isEqualTo(200);
                }
                check.check(rootfs.path());
            } finally {
                stop(process);
            }
        }
        // Kept for a look when something failed; a passing run leaves no half a gigabyte behind.
        OciImage.deleteRecursively(work.resolve("oci"));
        OciImage.deleteRecursively(work.resolve("rootfs"));
    }

    private static void awaitUp(Process process, String url, Path log) throws Exception {
        Instant deadline = Instant.now().plus(READY_WITHIN);
        String last = "no answer yet";
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                fail("The image's entrypoint exited with " + process.exitValue() + " before " + url
                        + " answered; its output:\n" + tail(log));
            }
            try {
                HttpResponse<String> response = get(url);
                if (response.statusCode() == 200) {
                    return;
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(500);
        }
        fail(url + " did not answer 200 within " + READY_WITHIN + " (last: " + last + "); output:\n" + tail(log));
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String chroot() {
        for (String candidate : List.of("/usr/sbin/chroot", "/usr/bin/chroot", "/sbin/chroot", "/bin/chroot")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException("No chroot binary (coreutils) on this machine");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Optional<String> externalAddress() throws IOException {
        return NetworkInterface.networkInterfaces()
                .filter(i -> {
                    try {
                        return i.isUp() && !i.isLoopback();
                    } catch (IOException e) {
                        return false;
                    }
                })
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .map(InetAddress::getHostAddress)
                .findFirst();
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }
}
