package dev.mosaic.platform.web;

import dev.mosaic.platform.core.RequestContext;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/** Test resources with each kind of {@link Access} rule, answering who they saw. */
@Path("/guarded")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class FakeGuardedResource {

    @GET
    @Path("/people")
    @Access(roles = {Access.CUSTOMER, Access.ADMIN}, workloads = "gateway")
    public Map<String, String> people(@Context SecurityContext security, @Context ContainerRequestContext request) {
        return seen(security, request);
    }

    @GET
    @Path("/admins")
    @Access(roles = Access.ADMIN)
    public Map<String, String> admins(@Context SecurityContext security, @Context ContainerRequestContext request) {
        return seen(security, request);
    }

    @GET
    @Path("/orders-only")
    @Access(workloads = "orders")
    public Map<String, String> ordersOnly(@Context SecurityContext security, @Context ContainerRequestContext request) {
        return seen(security, request);
    }

    @GET
    @Path("/undeclared")
    public Map<String, String> undeclared() {
        return Map.of("reached", "yes");
    }

    private static Map<String, String> seen(SecurityContext security, ContainerRequestContext request) {
        return Map.of("user", security.getUserPrincipal() == null ? "-" : security.getUserPrincipal().getName(),
                      "workload", Callers.workload(request).orElse("-"));
    }
}
