package dev.mosaic.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the orchestrator (or the script) as its own process, the way a user does, always with a deadline. */
final class MosaicRunner {

    /** Exit code and output, with the log prefixes' column padding squeezed ("catalog | ...") so tests need not know the widest name. */
    record Result(int exitCode, String output) {
        Result {
            output = squeeze(output);
        }
    }

    static String squeeze(String text) {
        return text.replaceAll("(?m)^(\\S+) +\\| ", "$1 | ");
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private MosaicRunner() {
    }

    /** {@code java ... Mosaic} on the packaged classpath (target/devstack.jar + target/libs), as ./mosaic runs it. */
    static List<String> orchestrator(Path repo, String... args) {
        Path target = Path.of("target").toAbsolutePath();
        String classpath = Files.exists(target.resolve("devstack.jar")) && Files.isDirectory(target.resolve("libs"))
                ? target.resolve("devstack.jar") + ":" + target.resolve("libs") + "/*"
                : System.getProperty("java.class.path");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dmosaic.repo=" + repo, "-cp", classpath,
                Mosaic.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** This process's environment without any MOSAIC_* a developer may have set, no AOT cache, plus {@code extra}. */
    static Map<String, String> environment(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.keySet().removeIf(key -> key.startsWith("MOSAIC_"));
        // The fake services of these tests are not what an AOT cache is for, and some never get live on purpose.
        env.put("MOSAIC_AOT", "off");
        env.putAll(extra);
        return env;
    }

    static Process start(List<String> cmd, Map<String, String> env, Path output) {
        try {
            Files.createDirectories(output.getParent());
            ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            builder.environment().clear();
            builder.environment().putAll(env);
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Result run(List<String> cmd, Map<String, String> env, Path output, Duration timeout) {
        Process process = start(cmd, env, output);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", cmd) + " did not finish within " + timeout + ":\n" + read(output));
            }
            return new Result(process.exitValue(), read(output));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? squeeze(Files.readString(file)) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Status code of a GET, or -1 when nothing answers. */
    static int get(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
