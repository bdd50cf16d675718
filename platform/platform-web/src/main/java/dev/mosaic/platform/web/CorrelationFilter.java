package dev.mosaic.platform.web;

import dev.mosaic.platform.core.RequestContext;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;

/** Reads or creates the request id and trace context of every inbound request and echoes the request id. */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
@ApplicationScoped
public class CorrelationFilter implements ContainerRequestFilter, ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        RequestContext.begin(request.getHeaderString(RequestContext.REQUEST_ID_HEADER),
                request.getHeaderString(RequestContext.TRACEPARENT_HEADER));
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        RequestContext.current().ifPresent(ids -> {
            response.getHeaders().putSingle(RequestContext.REQUEST_ID_HEADER, ids.requestId());
            response.getHeaders().putSingle(RequestContext.TRACEPARENT_HEADER, ids.traceparent());
        });
        RequestContext.clear();
    }
}
