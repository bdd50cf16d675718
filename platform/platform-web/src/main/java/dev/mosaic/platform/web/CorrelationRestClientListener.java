package dev.mosaic.platform.web;

import org.eclipse.microprofile.rest.client.RestClientBuilder;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.eclipse.microprofile.rest.client.spi.RestClientListener;

/**
 * Registers {@link OutboundCorrelationFilter} and {@link OutboundWorkloadToken} on every MicroProfile REST client, so
 * no service can forget them. The callee is the client's {@code configKey}, which names the service it calls.
 */
public class CorrelationRestClientListener implements RestClientListener {

    @Override
    public void onNewClient(Class<?> serviceInterface, RestClientBuilder builder) {
        builder.register(new OutboundCorrelationFilter());
        RegisterRestClient registration = serviceInterface.getAnnotation(RegisterRestClient.class);
        if (registration != null && !registration.configKey().isBlank()) {
            builder.register(new OutboundWorkloadToken(registration.configKey()));
        }
    }
}
