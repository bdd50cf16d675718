package dev.mosaic.gateway.proxy;

import java.net.URI;
import java.time.Duration;

import dev.mosaic.gateway.Access;

/**
 * One entry of the routing table: requests under {@code prefix} go to {@code upstream}, minus {@code stripPrefix}.
 *
 * @param prefix      path prefix without a trailing slash ("" matches everything); matches the prefix itself
 *                    and anything below it, never a longer sibling ({@code /api/products} does not match
 *                    {@code /api/productsX})
 * @param upstream    name of the upstream service, as in {@code mosaic.upstream.<name>}
 * @param baseUri     where the upstream listens
 * @param stripPrefix removed from the start of the path before forwarding
 * @param timeout     how long the upstream may take to start answering
 * @param access      who may call it (checked before anything is forwarded)
 */
public record Route(String prefix, String upstream, URI baseUri, String stripPrefix, Duration timeout, Access access) {

    boolean matches(String path) {
        // Every request tries every route: no string is built for it.
        return path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
    }

    /** The upstream URI for a raw request path and raw query ("" when absent). */
    URI target(String rawPath, String rawQuery) {
        String forwarded = rawPath.startsWith(stripPrefix) ? rawPath.substring(stripPrefix.length()) : rawPath;
        if (forwarded.isEmpty()) {
            forwarded = "/";
        }
        String base = baseUri.toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + forwarded + (rawQuery.isEmpty() ? "" : "?" + rawQuery));
    }

    @Override
    public String toString() {
        return (prefix.isEmpty() ? "/" : prefix) + " -> " + upstream + " (" + baseUri + ", timeout " + timeout.toMillis() + " ms, " + access.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}
