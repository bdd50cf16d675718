package dev.mosaic.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.mosaic.devstack.MosaicRunner.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The {@code ./mosaic} script itself: how it finds a JDK and hands over to the orchestrator. Runs a copy of it with
 * MOSAIC_SKIP_BUILD=1 in a directory laid out as the repository, whose launcher (drill/target) holds this module's
 * jar and libs: they are packaged when integration tests run, the drill module's not yet (the reactor builds it
 * after this one, and these tests need none of its commands).
 */
class MosaicScriptIT {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Path JAVA_HOME = Path.of(System.getProperty("java.home"));

    private Path dir;
    private Map<String, String> env;

    @BeforeEach
    void setUp(TestInfo test) throws IOException {
        dir = Path.of("target", "script-it", test.getTestMethod().orElseThrow().getName()).toAbsolutePath();
        if (Files.exists(dir)) {
            // Files.walk does not follow the symbolic links made below: only the links themselves go.
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
        Files.createDirectories(dir);
        env = new HashMap<>(MosaicRunner.environment(Map.of(
                "MOSAIC_SKIP_BUILD", "1", "MOSAIC_HOME", dir.resolve("home").toString())));
    }

    private Result script(Path script, String... args) {
        List<String> cmd = new ArrayList<>(List.of(script.toString()));
        cmd.addAll(List.of(args));
        return MosaicRunner.run(cmd, env, dir.resolve("out-" + String.join("-", args) + ".txt"), Duration.ofMinutes(1));
    }

    @Test
    void helpPrintsUsage() throws IOException {
        env.put("JAVA_HOME", JAVA_HOME.toString());
        Result help = script(scriptCopy(), "help");
        assertThat(help.exitCode()).as(help.output()).isZero();
        assertThat(help.output()).contains("Usage: ./mosaic <command>");
    }

    @Test
    void unknownCommandPrintsUsageAndExitsWithTwo() throws IOException {
        env.put("JAVA_HOME", JAVA_HOME.toString());
        Result bogus = script(scriptCopy(), "bogus");
        assertThat(bogus.exitCode()).isEqualTo(2);
        assertThat(bogus.output()).contains("unknown command 'bogus'", "Usage: ./mosaic");
    }

    @Test
    void benchWithoutANameListsTheBenchmarks() throws IOException {
        env.put("JAVA_HOME", JAVA_HOME.toString());
        Result bench = script(scriptCopy(), "bench");
        assertThat(bench.exitCode()).as(bench.output()).isEqualTo(2);
        assertThat(bench.output()).contains("Usage: ./mosaic bench <name>", "  gateway");
    }

    @Test
    void benchRefusesAnUnknownOptionBeforeStartingAnything() throws IOException {
        env.put("JAVA_HOME", JAVA_HOME.toString());
        Result bench = script(scriptCopy(), "bench", "gateway", "--bogus");
        assertThat(bench.exitCode()).as(bench.output()).isEqualTo(2);
        assertThat(bench.output()).contains("bench gateway: unknown option '--bogus'");
    }

    @Test
    void javaHomeTooOldIsPassedOverForTheJavaOnPath() throws IOException {
        env.put("JAVA_HOME", fakeJdk(dir.resolve("jdk17"), "17.0.2").toString());
        Path bin = toolsOnly(dir.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("java"), JAVA_HOME.resolve("bin/java"));
        env.put("PATH", bin.toString());

        Result help = script(scriptCopy(), "help");

        assertThat(help.exitCode()).as(help.output()).isZero();
        assertThat(help.output()).contains("Usage: ./mosaic");
    }

    @Test
    void newestJdkWithACompilerIsTakenFromTheJvmDirectory() throws IOException {
        Path jvms = Files.createDirectories(dir.resolve("jvm"));
        fakeJdk(jvms.resolve("jdk-17"), "17.0.2");
        Path noCompiler = fakeJdk(jvms.resolve("jre-99"), "99");
        Files.delete(noCompiler.resolve("bin/javac"));
        Files.createSymbolicLink(jvms.resolve("jdk-real"), JAVA_HOME);
        Path script = scriptCopy(jvms);
        env.remove("JAVA_HOME");
        env.put("PATH", toolsOnly(dir.resolve("bin")).toString());

        Result help = script(script, "help");

        assertThat(help.exitCode()).as(help.output()).isZero();
        assertThat(help.output()).contains("Usage: ./mosaic");
    }

    @Test
    void withoutAnyJdk21TheScriptSaysWhatToInstall() throws IOException {
        Path jvms = Files.createDirectories(dir.resolve("jvm"));
        fakeJdk(jvms.resolve("jdk-17"), "17.0.2");
        Path script = scriptCopy(jvms);
        env.put("JAVA_HOME", fakeJdk(dir.resolve("old"), "1.8.0_402").toString());
        env.put("PATH", toolsOnly(dir.resolve("bin")).toString());

        Result help = script(script, "help");

        assertThat(help.exitCode()).isEqualTo(1);
        assertThat(help.output()).contains("Mosaic needs a JDK 21 or newer; none found in JAVA_HOME, PATH or"
                + " /usr/lib/jvm. Install one (e.g. Temurin 21) and set JAVA_HOME.");
    }

    /** A JDK directory whose java reports {@code version} and refuses to run anything. */
    private static Path fakeJdk(Path home, String version) throws IOException {
        Path bin = Files.createDirectories(home.resolve("bin"));
        executable(bin.resolve("java"), """
                #!/bin/sh
                if [ "$1" = -version ]; then echo 'openjdk version "%s" 2024-01-16' >&2; exit 0; fi
                echo "fake java $*" >&2
                exit 99
                """.formatted(version));
        executable(bin.resolve("javac"), "#!/bin/sh\nexit 0\n");
        return home;
    }

    /** A PATH with the tools the script uses and no java. */
    private static Path toolsOnly(Path bin) throws IOException {
        Files.createDirectories(bin);
        for (String tool : List.of("bash", "sh", "env", "dirname", "sed", "head", "find", "mkdir", "mktemp", "mv", "rm")) {
            for (String dir : List.of("/usr/bin", "/bin")) {
                Path found = Path.of(dir, tool);
                if (Files.isExecutable(found) && !Files.exists(bin.resolve(tool))) {
                    Files.createSymbolicLink(bin.resolve(tool), found);
                }
            }
        }
        return bin;
    }

    /** The script as it is, in the copy of the repository. */
    private Path scriptCopy() throws IOException {
        return scriptCopy(Path.of("/usr/lib/jvm"));
    }

    /**
     * The script, looking for JDKs in {@code jvms} instead of /usr/lib/jvm, in a copy of the repository: its bench/
     * is this repository's, its drill/target this module's target/devstack.jar (as drill.jar) and target/libs.
     */
    private Path scriptCopy(Path jvms) throws IOException {
        Path root = Files.createDirectories(dir.resolve("repo"));
        if (!Files.exists(root.resolve("mosaic"))) {
            Path launcher = Files.createDirectories(root.resolve("drill/target"));
            Files.createSymbolicLink(launcher.resolve("drill.jar"), REPO.resolve("devstack/target/devstack.jar"));
            Files.createSymbolicLink(launcher.resolve("libs"), REPO.resolve("devstack/target/libs"));
            Files.createSymbolicLink(root.resolve("bench"), REPO.resolve("bench"));
        }
        String text = Files.readString(REPO.resolve("mosaic"));
        assertThat(text).contains("for candidate in /usr/lib/jvm/*", "launcher=\"$root/drill/target\"");
        Path copy = root.resolve("mosaic");
        executable(copy, text.replace("for candidate in /usr/lib/jvm/*", "for candidate in " + jvms + "/*"));
        return copy;
    }

    private static void executable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
