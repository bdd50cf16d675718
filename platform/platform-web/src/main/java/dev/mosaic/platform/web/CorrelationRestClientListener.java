package dev.mosaic.platform.web;

import org.eclipse.microprofile.rest.client.RestClientBuilder;
import org.eclipse.microprofile.rest.client.spi.RestClientListener;

/** Registers {@link OutboundCorrelationFilter} on every MicroProfile REST client, so no service can forget it. */
public class CorrelationRestClientListener implements RestClientListener {

    @Override
    public void onNewClient(Class<?> serviceInterface, RestClientBuilder builder) {
        builder.register(new OutboundCorrelationFilter());
    }
}
