package dev.mosaic.drill.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The {@code ./mosaic} script of the repository runs the orchestrator from this module's packaged jar and libs, so
 * the commands this module adds are there (MOSAIC_SKIP_BUILD=1: they are packaged when integration tests run).
 */
class MosaicScriptIT {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    private record Result(int exitCode, String output) {
    }

    private static Result mosaic(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(REPO.resolve("mosaic").toString()));
        command.addAll(List.of(args));
        Path output = Files.createDirectories(Path.of("target", "script-it")).resolve(String.join("-", args) + ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("MOSAIC_"));
        env.putAll(Map.of("JAVA_HOME", System.getProperty("java.home"), "MOSAIC_SKIP_BUILD", "1",
                "MOSAIC_HOME", Path.of("target", "script-it", "home").toAbsolutePath().toString()));
        Process process = builder.start();
        if (!process.waitFor(1, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish within a minute:\n" + Files.readString(output));
        }
        return new Result(process.exitValue(), Files.readString(output));
    }

    @Test
    void theScriptsOrchestratorListsAndRunsTheDrill() throws IOException, InterruptedException {
        Result help = mosaic("help");
        assertThat(help.exitCode()).as(help.output()).isZero();
        assertThat(help.output()).containsPattern("\\n  drill +failure drill");

        Result drill = mosaic("drill", "--help");
        assertThat(drill.exitCode()).as(drill.output()).isZero();
        assertThat(drill.output()).contains("Usage: ./mosaic drill", "--short");

        Result wrong = mosaic("drill", "--faults", "kill-everything");
        assertThat(wrong.exitCode()).as(wrong.output()).isEqualTo(2);
        assertThat(wrong.output()).contains("no fault named 'kill-everything'");
    }
}
