package dev.mosaic.images;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An image's layers unpacked in order into a folder, with what a container runtime adds at start: {@code /proc}
 * (the JVM and the dynamic loader read it) and the device nodes {@code /dev/null}, {@code /dev/zero},
 * {@code /dev/random} and {@code /dev/urandom}. Needs root; {@link #close()} unmounts {@code /proc} again.
 */
final class Rootfs implements AutoCloseable {

    private final Path path;
    private boolean procMounted;

    private Rootfs(Path path) {
        this.path = path;
    }

    static Rootfs unpack(OciImage image, Path dir) throws IOException, InterruptedException {
        Path proc = dir.resolve("proc");
        if (isMountPoint(proc)) {
            run("umount", proc.toString());
        }
        OciImage.deleteRecursively(dir);
        Files.createDirectories(dir);
        Rootfs rootfs = new Rootfs(dir);
        for (Path layer : image.layers()) {
            // GNU tar as root keeps owners (the image user's folders) and modes, as a runtime's unpacking does.
            run("tar", "--warning=no-unknown-keyword", "--numeric-owner", "-xzf", layer.toString(), "-C", dir.toString());
        }
        Files.createDirectories(dir.resolve("dev"));
        for (String[] node : List.of(new String[] {"null", "3"}, new String[] {"zero", "5"},
                new String[] {"random", "8"}, new String[] {"urandom", "9"})) {
            run("mknod", "-m", "666", dir.resolve("dev").resolve(node[0]).toString(), "c", "1", node[1]);
        }
        Files.createDirectories(proc);
        run("mount", "-t", "proc", "proc", proc.toString());
        rootfs.procMounted = true;
        return rootfs;
    }

    Path path() {
        return path;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (procMounted) {
            run("umount", path.resolve("proc").toString());
            procMounted = false;
        }
    }

    private static boolean isMountPoint(Path dir) throws IOException {
        String target = dir.toAbsolutePath().toString();
        return Files.readAllLines(Path.of("/proc/self/mounts"), StandardCharsets.UTF_8).stream()
                .map(l -> l.split(" ")).anyMatch(f -> f.length > 1 && f[1].equals(target));
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output.strip());
        }
    }
}
