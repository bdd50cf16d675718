package dev.mosaic.platform.web;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;

/** Carries the current request id and trace context onto every outbound REST client call. */
public class OutboundCorrelationFilter implements ClientRequestFilter {

    @Override
    public void filter(ClientRequestContext request) {
        RequestContext.current().ifPresent(ids -> {
            request.getHeaders().putSingle(RequestContext.REQUEST_ID_HEADER, ids.requestId());
            request.getHeaders().putSingle(RequestContext.TRACEPARENT_HEADER, ids.traceparent());
        });
    }
}
