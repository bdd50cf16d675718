package dev.mosaic.images;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * An OCI image tarball as {@code jib:buildTar} writes it, read the way a runtime reads it: {@code index.json} names
 * the manifest, the manifest names the config and the layers, every blob is stored under its sha256 digest.
 */
final class OciImage {

    /** One file, directory or link of a layer; {@code content} is kept for small regular files only. */
    record Entry(String path, int mode, long uid, long gid, long size, boolean directory, String linkTarget,
                 byte[] content) {
    }

    private static final long KEEP_CONTENT_UP_TO = 64 * 1024;

    private final Path layout;
    private final String refName;
    private final JsonObject config;
    private final List<Path> layers;

    private OciImage(Path layout, String refName, JsonObject config, List<Path> layers) {
        this.layout = layout;
        this.refName = refName;
        this.config = config;
        this.layers = layers;
    }

    /** Unpacks the tarball into {@code dir} and checks every blob the manifest names against its digest. */
    static OciImage open(Path tarball, Path dir) throws IOException {
        if (!Files.isRegularFile(tarball)) {
            throw new IllegalStateException("No image at " + tarball + ": the module's package phase builds it "
                    + "(jib:buildTar); build the module first");
        }
        deleteRecursively(dir);
        Files.createDirectories(dir);
        try (TarArchiveInputStream in = new TarArchiveInputStream(new BufferedInputStream(Files.newInputStream(tarball)))) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                Path target = dir.resolve(e.getName()).normalize();
                if (!target.startsWith(dir)) {
                    throw new IllegalStateException(tarball + " holds an entry outside the layout: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target);
                }
            }
        }
        JsonObject index = json(dir.resolve("index.json"));
        var manifests = index.getJsonArray("manifests");
        if (manifests == null || manifests.size() != 1) {
            throw new IllegalStateException(tarball + ": index.json must name exactly one manifest: " + index);
        }
        JsonObject descriptor = manifests.getJsonObject(0);
        String refName = descriptor.getJsonObject("annotations").getString("org.opencontainers.image.ref.name");
        JsonObject manifest = json(blob(dir, descriptor));
        Path configBlob = blob(dir, manifest.getJsonObject("config"));
        JsonObject config = json(configBlob);
        List<Path> layers = new ArrayList<>();
        for (JsonObject layer : manifest.getJsonArray("layers").getValuesAs(JsonObject.class)) {
            layers.add(blob(dir, layer));
        }
        return new OciImage(dir, refName, config, layers);
    }

    String refName() {
        return refName;
    }

    /** The image configuration's {@code config} object: User, Entrypoint, Env, ExposedPorts, WorkingDir. */
    JsonObject runConfig() {
        return config.getJsonObject("config");
    }

    List<String> entrypoint() {
        return runConfig().getJsonArray("Entrypoint").getValuesAs(JsonString.class).stream()
                .map(JsonString::getString).toList();
    }

    Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonString pair : runConfig().getJsonArray("Env").getValuesAs(JsonString.class)) {
            String[] kv = pair.getString().split("=", 2);
            env.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        return env;
    }

    List<Path> layers() {
        return layers;
    }

    Path layout() {
        return layout;
    }

    /** The filesystem the image presents: every layer's entries, later layers replacing earlier ones. */
    Map<String, Entry> files() throws IOException {
        Map<String, Entry> files = new LinkedHashMap<>();
        for (Path layer : layers) {
            try (TarArchiveInputStream in = new TarArchiveInputStream(
                    new GZIPInputStream(new BufferedInputStream(Files.newInputStream(layer))))) {
                for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                    String path = "/" + e.getName().replaceFirst("^\\./", "").replaceFirst("/$", "");
                    byte[] content = e.isFile() && e.getSize() <= KEEP_CONTENT_UP_TO ? in.readAllBytes() : null;
                    files.put(path, new Entry(path, e.getMode(), e.getLongUserId(), e.getLongGroupId(), e.getSize(),
                            e.isDirectory(), e.isSymbolicLink() || e.isLink() ? e.getLinkName() : null, content));
                }
            }
        }
        return files;
    }

    private static Path blob(Path dir, JsonObject descriptor) throws IOException {
        String digest = descriptor.getString("digest");
        if (!digest.startsWith("sha256:")) {
            throw new IllegalStateException("Unexpected digest algorithm in " + descriptor);
        }
        Path blob = dir.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
        if (!Files.isRegularFile(blob)) {
            throw new IllegalStateException("Blob " + digest + " named by " + descriptor + " is missing");
        }
        long size = descriptor.getJsonNumber("size").longValue();
        if (Files.size(blob) != size) {
            throw new IllegalStateException("Blob " + digest + " has " + Files.size(blob) + " bytes, its descriptor says " + size);
        }
        String actual = sha256(blob);
        if (!digest.equals("sha256:" + actual)) {
            throw new IllegalStateException("Blob " + digest + " has the digest sha256:" + actual);
        }
        return blob;
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonObject json(Path file) throws IOException {
        return Json.createReader(new StringReader(Files.readString(file, StandardCharsets.UTF_8))).readObject();
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete " + dir, e);
        }
    }
}
