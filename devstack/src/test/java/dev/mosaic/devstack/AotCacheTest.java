package dev.mosaic.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AotCacheTest {

    private static final Path JAVA_HOME = Path.of("/opt/jdk");
    private static final List<String> OPTIONS = List.of("-XX:+UseSerialGC", "-Xss512k", "-Dserver.port=1");

    @TempDir
    Path target;

    private Path jar() throws IOException {
        Files.createDirectories(target.resolve("libs"));
        Files.writeString(target.resolve("libs").resolve("dep.jar"), "dep");
        return Files.writeString(target.resolve("catalog-service.jar"), "jar");
    }

    private static String value(List<String> options, String prefix) {
        return options.stream().filter(o -> o.startsWith(prefix)).map(o -> o.substring(prefix.length()))
                .findFirst().orElseThrow(() -> new AssertionError(prefix + " not in " + options));
    }

    @Test
    void noCacheBeforeJdk25NorWithoutABuiltJar() throws IOException {
        assertThat(AotCache.of(jar(), "catalog", 21, JAVA_HOME, OPTIONS)).isNull();
        assertThat(AotCache.of(target.resolve("missing.jar"), "catalog", 25, JAVA_HOME, OPTIONS)).isNull();
    }

    @Test
    void aFinishedTrainingRunIsMovedIntoPlaceAndUsedByTheNextStart() throws IOException {
        AotCache cache = AotCache.of(jar(), "catalog", 25, JAVA_HOME, OPTIONS);
        assertThat(cache.exists()).isFalse();
        assertThat(cache.options()).isEmpty();

        Path training = cache.newTrainingOutput();
        assertThat(training.getParent()).isEqualTo(target.resolve(AotCache.DIRECTORY));
        assertThat(cache.trainingOptions(training)).contains("-XX:AOTCacheOutput=" + training);
        // While the JVM assembles the cache, its recording (<output>.config) still exists: not finished yet.
        Files.writeString(training, "half");
        Files.writeString(Path.of(training + ".config"), "recording");
        Files.createDirectories(Path.of(training + ".data")).resolve("db").toFile().createNewFile();
        assertThat(cache.exists()).isFalse();
        assertThat(training).exists();

        Files.delete(Path.of(training + ".config"));
        assertThat(value(cache.options(), "-XX:AOTCache=")).isEqualTo(cache.file().toString());
        assertThat(cache.file()).hasContent("half");
        assertThat(Path.of(training + ".data")).as("only the cache file is moved into place").isDirectory();
        assertThat(training).doesNotExist();
    }

    @Test
    void aRebuiltJarOrOtherJvmOptionsGetACacheOfTheirOwnAndOldBuildsAreDeleted() throws IOException {
        Path jar = jar();
        AotCache first = AotCache.of(jar, "catalog", 25, JAVA_HOME, OPTIONS);
        Files.createDirectories(first.file().getParent());
        Files.writeString(first.file(), "cache");

        assertThat(AotCache.of(jar, "catalog", 25, JAVA_HOME, List.of("-Xmx64m")).file()).isNotEqualTo(first.file());
        assertThat(AotCache.of(jar, "catalog", 25, JAVA_HOME, List.of("-XX:+UseSerialGC", "-Xss512k", "-Dserver.port=2"))
                .file()).as("system properties (ports, directories) do not change a cache").isEqualTo(first.file());

        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(5)));
        AotCache rebuilt = AotCache.of(jar, "catalog", 25, JAVA_HOME, OPTIONS);
        assertThat(rebuilt.file()).isNotEqualTo(first.file());
        assertThat(rebuilt.exists()).isFalse();
        assertThat(first.file()).doesNotExist();
    }
}
