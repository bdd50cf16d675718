package dev.mosaic.platform.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The tokens this workload presents to the services it calls: one file per callee in a folder
 * ({@code mosaic.workload.token-dir}), named after the callee and holding a JWT whose audience is that callee. In
 * Kubernetes the folder is a projected volume of ServiceAccount tokens, which the kubelet rotates before they
 * expire; locally {@code ./mosaic} writes them. A file is read again whenever it changed (checked at most once a
 * second), so a rotated token is used from the next call on. Thread-safe.
 */
public final class WorkloadTokens {

    public static final String DIR_KEY = "mosaic.workload.token-dir";
    private static final Logger LOG = Logger.getLogger(WorkloadTokens.class.getName());
    private static final Pattern CALLEE = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final long CHECK_EVERY_NANOS = 1_000_000_000L;

    private record Cached(String bearer, FileTime modified, long checkedAt) {
    }

    private final Optional<Path> dir;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final Map<String, Boolean> warned = new ConcurrentHashMap<>();

    private WorkloadTokens(Optional<Path> dir) {
        this.dir = dir;
    }

    /** Tokens from {@code dir}; without a folder every call goes out without a workload token (and is refused). */
    public static WorkloadTokens in(Optional<Path> dir) {
        return new WorkloadTokens(dir);
    }

    public Optional<Path> dir() {
        return dir;
    }

    /** {@code Bearer <token>} for calls to {@code callee}, or empty (logged once per callee) when there is none. */
    public Optional<String> bearer(String callee) {
        if (dir.isEmpty() || !CALLEE.matcher(callee).matches()) {
            warnOnce(callee, dir.isEmpty() ? "no " + DIR_KEY + " is configured"
                    : "'" + callee + "' is not a service name");
            return Optional.empty();
        }
        long now = System.nanoTime();
        Cached cached = cache.get(callee);
        if (cached != null && now - cached.checkedAt() < CHECK_EVERY_NANOS) {
            return Optional.of(cached.bearer());
        }
        Path file = dir.get().resolve(callee);
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            if (cached != null && cached.modified().equals(modified)) {
                cache.put(callee, new Cached(cached.bearer(), modified, now));
                return Optional.of(cached.bearer());
            }
            String token = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (token.isEmpty()) {
                warnOnce(callee, file + " is empty");
                return Optional.empty();
            }
            String bearer = "Bearer " + token;
            cache.put(callee, new Cached(bearer, modified, now));
            warned.remove(callee);
            return Optional.of(bearer);
        } catch (IOException e) {
            // A token being rotated is replaced atomically; a missing one is a deployment error worth one line.
            if (cached != null) {
                return Optional.of(cached.bearer());
            }
            warnOnce(callee, "cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
            return Optional.empty();
        }
    }

    private void warnOnce(String callee, String why) {
        if (warned.putIfAbsent(callee, Boolean.TRUE) == null) {
            LOG.warning("No workload token for calls to " + callee + ": " + why + ". " + callee
                    + " will refuse them with 401; mount a token with audience '" + callee + "' at " + DIR_KEY + "/" + callee);
        }
    }
}
