package dev.mosaic.images;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every module's image holds, read from the OCI tarball the build wrote: the contract the Knative manifests
 * rely on (name, PORT, listening on every interface, a non-root user) and a filesystem that can run the module.
 */
class ImagesIT {

    static List<Modules.Deployable> deployables() {
        return Modules.ALL;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployables")
    void imageRunsTheModuleAsNonRootOnPort(Modules.Deployable module) throws Exception {
        var layout = Modules.work().resolve("oci").resolve(module.artifact());
        try {
            checkImage(module, OciImage.open(module.imageTar(), layout));
        } finally {
            OciImage.deleteRecursively(layout);
        }
    }

    private static void checkImage(Modules.Deployable module, OciImage image) throws Exception {

        assertThat(image.refName()).as("image name").startsWith(module.imageName() + ":");
        assertThat(module.imageName()).startsWith("mosaic/");

        var run = image.runConfig();
        assertThat(run.getString("User")).as("user").isEqualTo("65532:65532");
        assertThat(image.entrypoint()).as("entrypoint").startsWith("java")
                .contains("@/app/jib-classpath-file").endsWith(module.mainClass());
        assertThat(run.getJsonObject("ExposedPorts").keySet()).as("exposed ports").containsExactly("8080/tcp");
        assertThat(run.getString("WorkingDir")).isEqualTo("/var/lib/mosaic");
        Map<String, String> env = image.env();
        assertThat(env).as("environment")
                .containsEntry("PORT", "8080")
                .containsEntry("SERVER_HOST", "0.0.0.0")
                .containsEntry("JAVA_HOME", "/opt/java/openjdk")
                .containsEntry("MOSAIC_DATA_DIR", "/var/lib/mosaic/data");
        assertThat(env.get("PATH")).startsWith("/opt/java/openjdk/bin:");
        assertThat(env.get("JDK_JAVA_OPTIONS")).contains("-XX:MaxRAMPercentage=", "-XX:+UseSerialGC")
                // The AOT cache is trained with these options: no code for the build machine's CPU in it (ADR 0007).
                .contains("-XX:+UnlockDiagnosticVMOptions -XX:-AOTAdapterCaching");

        Map<String, OciImage.Entry> files = image.files();
        // The user exists, and owns the working directory, the only place it writes to.
        assertThat(text(files, "/etc/passwd")).contains("nonroot:x:65532:65532:");
        assertThat(files.get("/var/lib/mosaic")).satisfies(dir -> {
            assertThat(dir.directory()).isTrue();
            assertThat(dir.uid()).isEqualTo(65532);
        });
        // A JRE 21+ and the loader and C library it links against.
        assertThat(files).containsKeys("/opt/java/openjdk/bin/java", "/opt/java/openjdk/lib/server/libjvm.so",
                "/opt/java/openjdk/lib/modules", "/lib64/ld-linux-x86-64.so.2", "/lib/x86_64-linux-gnu/libc.so.6");
        String release = text(files, "/opt/java/openjdk/release");
        int major = Integer.parseInt(release.replaceAll("(?s).*JAVA_VERSION=\"(\\d+).*", "$1"));
        assertThat(major).as("JRE major version").isGreaterThanOrEqualTo(21);
        assertThat(files.get("/opt/java/openjdk/bin/java").mode() & 0111).as("java is executable").isNotZero();
        // JDK 25+ writes AOT caches: the image carries one, trained on its own files, and its entrypoint uses it.
        if (major >= 25 && !Boolean.getBoolean("image.aot.skip")) {
            assertThat(image.entrypoint()).contains("-XX:AOTCache=/app/app.aot");
            assertThat(files.get("/app/app.aot")).as("the AOT cache").isNotNull()
                    .satisfies(cache -> assertThat(cache.size()).isGreaterThan(1 << 20));
        } else {
            assertThat(image.entrypoint()).noneMatch(arg -> arg.startsWith("-XX:AOTCache"));
        }

        // The module's own jar, the same bytes the build made, and every classpath entry the entrypoint names.
        OciImage.Entry jar = files.get("/app/classpath/" + module.artifact() + ".jar");
        assertThat(jar).as("the module's jar in the image").isNotNull();
        assertThat(jar.size()).isEqualTo(Files.size(module.jar()));
        List<String> classpath = Arrays.asList(text(files, "/app/jib-classpath-file").strip().split(":"));
        assertThat(classpath).hasSizeGreaterThan(10);
        for (String entry : classpath) {
            if (entry.endsWith("/*")) {
                String dir = entry.substring(0, entry.length() - 2);
                assertThat(files.keySet()).as("classpath folder " + dir).anyMatch(p -> p.startsWith(dir + "/") && p.endsWith(".jar"));
            } else {
                assertThat(files).as("classpath entry").containsKey(entry);
            }
        }
        assertThat(files.keySet()).anyMatch(p -> p.startsWith("/app/libs/helidon-"));
        // Development-only code never ships: no development issuer, embedded broker, orchestrator or test kit.
        assertThat(files.keySet()).as("development-only jars in the image").noneMatch(p -> p.startsWith("/app/libs/")
                && p.matches(".*/(platform-dev|devstack|platform-testing|kafka_2\\.13|kafka-server)-[^/]*\\.jar"));
        // Nothing in the image belongs to the user but its home and its working directory (/tmp is everyone's).
        assertThat(files.values()).filteredOn(e -> e.uid() != 0)
                .extracting(OciImage.Entry::path).containsExactlyInAnyOrder("/home/nonroot", "/var/lib/mosaic");
    }

    private static String text(Map<String, OciImage.Entry> files, String path) {
        OciImage.Entry entry = files.get(path);
        assertThat(entry).as(path + " in the image").isNotNull();
        assertThat(entry.content()).as(path + " content").isNotNull();
        return new String(entry.content(), StandardCharsets.UTF_8);
    }
}
