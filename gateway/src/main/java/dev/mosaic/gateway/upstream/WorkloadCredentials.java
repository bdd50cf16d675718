package dev.mosaic.gateway.upstream;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.mosaic.platform.auth.WorkloadTokens;
import dev.mosaic.platform.auth.WorkloadVerifier;
import io.helidon.config.Config;
import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;

/**
 * The gateway's own identity on every upstream call: {@code Workload-Authorization: Bearer <token>}, the token for
 * that upstream from {@code mosaic.workload.token-dir} (a projected ServiceAccount token per callee in a cluster;
 * written by {@code ./mosaic} locally). Services behind the gateway admit anonymous shoppers' calls only because the
 * gateway vouches for them this way; the caller's own token, if any, still travels in {@code Authorization}.
 */
public final class WorkloadCredentials {

    static final HeaderName HEADER = HeaderNames.create(WorkloadVerifier.HEADER);

    private final WorkloadTokens tokens;
    /** {@code scheme://host:port} of each upstream, to name the callee of a composed call by its URI. */
    private final Map<String, String> upstreamsByOrigin;

    private WorkloadCredentials(WorkloadTokens tokens, Map<String, String> upstreamsByOrigin) {
        this.tokens = tokens;
        this.upstreamsByOrigin = Map.copyOf(upstreamsByOrigin);
    }

    public static WorkloadCredentials from(Config config) {
        Optional<Path> dir = config.get(WorkloadTokens.DIR_KEY).asString().asOptional()
                .map(String::strip).filter(v -> !v.isEmpty()).map(Path::of);
        Map<String, String> origins = new HashMap<>();
        for (Config upstream : config.get("mosaic.upstream").asNodeList().orElse(List.of())) {
            upstream.asString().asOptional().filter(url -> !url.isBlank())
                    .ifPresent(url -> origins.put(origin(URI.create(url.strip())), upstream.name()));
        }
        return new WorkloadCredentials(WorkloadTokens.in(dir), origins);
    }

    /** No credentials: calls go out without a workload token (tests of the gateway alone). */
    static WorkloadCredentials none() {
        return new WorkloadCredentials(WorkloadTokens.in(Optional.empty()), Map.of());
    }

    /** The header for calls to the upstream called {@code name}, if a token for it is at hand. */
    public Optional<Header> forUpstream(String name) {
        if (tokens.dir().isEmpty()) {
            return Optional.empty();
        }
        return tokens.bearer(name).map(bearer -> HeaderValues.create(HEADER, bearer));
    }

    /** The header for a call to {@code uri}, if it is one of the configured upstreams and a token for it is at hand. */
    Optional<Header> forUri(URI uri) {
        String name = upstreamsByOrigin.get(origin(uri));
        return name == null ? Optional.empty() : forUpstream(name);
    }

    private static String origin(URI uri) {
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        return uri.getScheme() + "://" + uri.getHost() + ":" + port;
    }
}
