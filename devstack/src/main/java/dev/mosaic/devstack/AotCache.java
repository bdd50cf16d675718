package dev.mosaic.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The JDK's AOT cache (JEP 483/514/515, JDK 25+) of one process of the local stack: classes loaded and linked, and
 * method profiles, from a training run of the same jars with the same JVM options. It roughly halves the time from
 * process start to ready (docs/adr/0013).
 *
 * <p>Once per build: before a process starts without a fitting cache, {@link AotTraining} runs its jar on scratch
 * data ({@code -XX:AOTCacheOutput}) and the JVM writes the cache as that run exits; every later start of the same
 * build uses it ({@code -XX:AOTCache}). Caches live next to the jar, in {@code target/dev-aot/}, named by a digest of
 * what the JVM checks a cache against (the jar and its {@code libs/}, their sizes and times, the JDK, the {@code -X}
 * options): a rebuilt jar or another option gets a cache of its own and the old ones are deleted. Several stacks
 * may train at once (the end-to-end tests run many): each writes its own file, and a finished one is renamed into
 * place atomically.
 */
final class AotCache {

    static final String DIRECTORY = "dev-aot";
    private static final String TRAINING = ".training-";

    private final Path dir;
    private final String name;
    private final String key;

    private AotCache(Path dir, String name, String key) {
        this.dir = dir;
        this.name = name;
        this.key = key;
    }

    /**
     * The cache of {@code jar} run with {@code jvmOptions}, or null when there can be none: a JDK before 25, or a jar
     * that is not built.
     */
    static AotCache of(Path jar, String name, int javaFeature, Path javaHome, List<String> jvmOptions) {
        if (javaFeature < 25 || !Files.isRegularFile(jar)) {
            return null;
        }
        return new AotCache(jar.getParent().resolve(DIRECTORY), name, digest(jar, javaHome, jvmOptions));
    }

    /** The file every start uses once a training run has written it. */
    Path file() {
        return dir.resolve(name + "-" + key + ".aot");
    }

    /** Whether a finished training run has written the cache (moving one into place first if it is done). */
    boolean exists() {
        if (Files.isDirectory(dir)) {
            housekeeping();
        }
        return Files.isRegularFile(file());
    }

    /** The JVM options that use the cache, when it exists. */
    List<String> options() {
        return exists() ? List.of("-XX:AOTCache=" + file(), "-Xlog:aot=error") : List.of();
    }

    /** A file of its own for a training run to write, and the JVM options that make a run write it. */
    List<String> trainingOptions(Path output) {
        return List.of("-XX:AOTCacheOutput=" + output, "-Xlog:aot=error");
    }

    /** Where a new training run writes its cache: a name of its own, renamed to {@link #file()} once complete. */
    Path newTrainingOutput() {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create the AOT cache directory " + dir
                    + "; start with MOSAIC_AOT=off to run without one", e);
        }
        return dir.resolve(file().getFileName() + TRAINING + UUID.randomUUID());
    }

    /**
     * Other stacks may train, promote or delete in the same directory at the same moment: a file that vanished
     * under us is theirs to handle, and tidying up never stops a start.
     */
    void housekeeping() {
        try {
            promoteFinishedTraining();
            deleteOtherBuilds();
        } catch (IOException e) {
            // a concurrent stack moved or deleted a file first; the next start tidies up again
        }
    }

    /**
     * A training run has finished writing when its cache exists and the JVM has removed the configuration it writes
     * as the run exits ({@code <output>.config}) and deletes once the cache is assembled from it.
     */
    private void promoteFinishedTraining() throws IOException {
        String prefix = file().getFileName() + TRAINING;
        for (Path candidate : list(p -> p.startsWith(prefix) && !p.endsWith(".config"))) {
            if (!Files.isRegularFile(candidate) || Files.exists(Path.of(candidate + ".config")) || Files.size(candidate) == 0) {
                continue;
            }
            try {
                Files.move(candidate, file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.deleteIfExists(candidate);
            }
        }
    }

    /** Caches of earlier builds, and training runs of them that were killed (a day old: no run trains that long). */
    private void deleteOtherBuilds() throws IOException {
        String own = name + "-" + key + ".aot";
        Instant dayAgo = Instant.now().minus(Duration.ofDays(1));
        for (Path other : list(p -> p.startsWith(name + "-"))) {
            if (!Files.isRegularFile(other)) {
                continue;
            }
            String fileName = other.getFileName().toString();
            boolean oldBuild = !fileName.startsWith(own) && fileName.endsWith(".aot");
            boolean abandoned = fileName.contains(TRAINING) && Files.getLastModifiedTime(other).toInstant().isBefore(dayAgo);
            if (oldBuild || abandoned) {
                Files.deleteIfExists(other);
            }
        }
    }

    private List<Path> list(java.util.function.Predicate<String> fileName) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> fileName.test(p.getFileName().toString())).sorted().toList();
        }
    }

    /** What the JVM validates a cache against, and what we choose to keep caches apart by. */
    private static String digest(Path jar, Path javaHome, List<String> jvmOptions) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            List<Path> jars = new ArrayList<>();
            jars.add(jar);
            Path libs = jar.getParent().resolve("libs");
            if (Files.isDirectory(libs)) {
                try (Stream<Path> files = Files.list(libs)) {
                    files.sorted(Comparator.comparing(Path::toString)).forEach(jars::add);
                }
            }
            for (Path file : jars) {
                sha.update((file.getFileName() + ":" + Files.size(file) + ":" + Files.getLastModifiedTime(file).toMillis()
                        + "\n").getBytes(StandardCharsets.UTF_8));
            }
            sha.update((javaHome + "\n" + Runtime.version() + "\n").getBytes(StandardCharsets.UTF_8));
            for (String option : jvmOptions) {
                // What the JVM logs changes nothing the cache holds: a start with -Xlog:class+load (to see what still
                // loads from the jars) uses the cache of the same start without it.
                if ((option.startsWith("-X") || option.startsWith("--")) && !option.startsWith("-Xlog")) {
                    sha.update((option + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 6);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + jar + " to key its AOT cache", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
