package dev.mosaic.platform.web;

import dev.mosaic.platform.core.RequestContext;
import io.opentelemetry.api.trace.Span;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;

/** Carries the current request id and trace context onto every outbound REST client call. */
public class OutboundCorrelationFilter implements ClientRequestFilter {

    @Override
    public void filter(ClientRequestContext request) {
        RequestContext.current().ifPresent(ids -> {
            request.getHeaders().putSingle(RequestContext.REQUEST_ID_HEADER, ids.requestId());
            // With trace export on, MicroProfile Telemetry's client filter starts the call's span and sends its
            // traceparent; this one would name the caller's span instead and skip the call's.
            if (!Span.current().getSpanContext().isValid()) {
                request.getHeaders().putSingle(RequestContext.TRACEPARENT_HEADER, ids.traceparent());
            }
        });
    }
}
