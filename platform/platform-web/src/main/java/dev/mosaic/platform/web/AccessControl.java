package dev.mosaic.platform.web;

import dev.mosaic.platform.core.RequestContext;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

import dev.mosaic.platform.auth.Caller;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;

/**
 * Enforces {@link Access} on every resource method, after {@link BearerAuthentication} established the caller.
 * Closed by default: a resource method that declares no rule is refused to everyone (and named at startup), so a new
 * endpoint cannot become an open door by forgetting its annotation.
 */
@Provider
@jakarta.enterprise.context.ApplicationScoped
public class AccessControl implements DynamicFeature {

    private static final Logger LOG = Logger.getLogger(AccessControl.class.getName());

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        Method method = resource.getResourceMethod();
        Access access = method.getAnnotation(Access.class);
        if (access == null) {
            access = resource.getResourceClass().getAnnotation(Access.class);
        }
        String name = resource.getResourceClass().getSimpleName() + "." + method.getName();
        // Jersey's own OPTIONS responders are refused like any undeclared method, without a warning: they are not
        // this service's endpoints, and nothing is to be fixed in them.
        if (access == null && !resource.getResourceClass().getName().startsWith("org.glassfish.jersey.")) {
            LOG.warning(name + " declares no @Access rule: it refuses every call with 403 until it does");
        }
        context.register(new Check(name, access));
    }

    /** The rule of one resource method. */
    @Priority(Priorities.AUTHORIZATION)
    static final class Check implements ContainerRequestFilter {

        private final String name;
        private final Set<String> roles;
        private final Set<String> workloads;
        private final boolean declared;

        Check(String name, Access access) {
            this.name = name;
            this.declared = access != null;
            this.roles = access == null ? Set.of() : Set.of(access.roles());
            this.workloads = access == null ? Set.of() : Set.of(access.workloads());
        }

        @Override
        public void filter(ContainerRequestContext request) {
            if (!declared) {
                throw ProblemException.forbidden("This endpoint (" + name + ") declares no access rule, so it admits nobody");
            }
            Caller user = (Caller) request.getProperty(Callers.PROPERTY);
            String workload = Callers.workload(request).orElse(null);
            if (user == null && workload == null) {
                throw ProblemException.unauthenticated("This endpoint needs a credential: " + describe()
                        + ". Only /health/* and /metrics answer without one");
            }
            if (user != null && roles.stream().anyMatch(user::hasRole)) {
                return;
            }
            if (workload != null && (workloads.contains(Access.ANY_WORKLOAD) || workloads.contains(workload))) {
                return;
            }
            String who = user != null ? "user '" + user.subject() + "' with roles " + sorted(user.roles())
                    : "workload '" + workload + "'";
            throw ProblemException.forbidden("The caller (" + who + ") may not call this endpoint; it admits " + describe());
        }

        private String describe() {
            StringBuilder admits = new StringBuilder();
            if (!roles.isEmpty()) {
                admits.append("a user token (Authorization: Bearer) with role ").append(String.join(" or ", sorted(roles)));
            }
            if (!workloads.isEmpty()) {
                if (!admits.isEmpty()) {
                    admits.append(", or ");
                }
                admits.append(workloads.contains(Access.ANY_WORKLOAD) ? "a workload token"
                        : "a workload token (Workload-Authorization: Bearer) of " + String.join(" or ", sorted(workloads)));
            }
            return admits.isEmpty() ? "nobody" : admits.toString();
        }

        private static List<String> sorted(Set<String> values) {
            return values.stream().sorted().toList();
        }
    }
}
