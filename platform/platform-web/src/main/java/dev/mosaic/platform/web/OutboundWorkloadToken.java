package dev.mosaic.platform.web;

import dev.mosaic.platform.core.RequestContext;
import java.nio.file.Path;

import dev.mosaic.platform.auth.WorkloadTokens;
import dev.mosaic.platform.auth.WorkloadVerifier;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Presents this service's workload token on every call of a MicroProfile REST client: the token for the callee
 * named by the client's {@code configKey} ({@code @RegisterRestClient(configKey = "catalog")}), from
 * {@code mosaic.workload.token-dir}. The callee authorises by caller, so a client whose callee has no token here
 * is refused there.
 */
public class OutboundWorkloadToken implements ClientRequestFilter {

    private static volatile WorkloadTokens tokens;

    private final String callee;

    public OutboundWorkloadToken(String callee) {
        this.callee = callee;
    }

    /** This process's tokens, from configuration (one instance per process: it caches what it read). */
    public static WorkloadTokens tokens() {
        WorkloadTokens t = tokens;
        if (t == null) {
            synchronized (OutboundWorkloadToken.class) {
                if (tokens == null) {
                    tokens = WorkloadTokens.in(ConfigProvider.getConfig().getOptionalValue(WorkloadTokens.DIR_KEY, String.class)
                                                       .filter(v -> !v.isBlank()).map(Path::of));
                }
                t = tokens;
            }
        }
        return t;
    }

    @Override
    public void filter(ClientRequestContext request) {
        tokens().bearer(callee).ifPresent(bearer -> request.getHeaders().putSingle(WorkloadVerifier.HEADER, bearer));
    }
}
