package dev.mosaic.platform.web;

import dev.mosaic.platform.core.RequestContext;
import java.util.regex.Pattern;

import jakarta.ws.rs.core.SecurityContext;

/** What resources ask about the verified caller ({@link BearerAuthentication} established it, or nobody did). */
public final class Callers {

    /** Request property under which the verified {@link dev.mosaic.platform.auth.Caller} is kept. */
    static final String PROPERTY = "mosaic.caller";
    /** Request property under which the verified calling workload's name is kept. */
    static final String WORKLOAD = "mosaic.workload";
    private static final Pattern ID = Pattern.compile("^[A-Za-z0-9._@:-]{1,128}$");

    private Callers() {
    }

    /** The calling customer's id (the token's subject), or a 401 problem when the request carries no valid token. */
    public static String customerId(SecurityContext security) {
        if (security == null || security.getUserPrincipal() == null || !"Bearer".equals(security.getAuthenticationScheme())) {
            throw ProblemException.unauthenticated(
                    "This call needs a customer's bearer token (Authorization: Bearer <JWT>), as the gateway passes it on");
        }
        String id = security.getUserPrincipal().getName();
        if (id == null || !ID.matcher(id).matches()) {
            throw ProblemException.unauthenticated("The token's subject is not a usable customer id");
        }
        return id;
    }

    /** The verified calling workload's name ({@code orders}), if the request carries a valid workload token. */
    public static java.util.Optional<String> workload(jakarta.ws.rs.container.ContainerRequestContext request) {
        return java.util.Optional.ofNullable((String) request.getProperty(WORKLOAD));
    }

    /**
     * The workload name in a configured list entry, which may be written as the full token subject
     * ({@code system:serviceaccount:mosaic:orders}, as Kubernetes and Knative name it) or as the name alone.
     */
    public static String workloadName(String subjectOrName) {
        String value = subjectOrName.strip();
        return value.startsWith("system:serviceaccount:") ? value.substring(value.lastIndexOf(':') + 1) : value;
    }

    /** Whether the request carries a verified end user. */
    static boolean hasUser(jakarta.ws.rs.container.ContainerRequestContext request) {
        return request.getProperty(PROPERTY) != null;
    }

    /** Whether the verified caller is an admin (false for anonymous callers). */
    public static boolean isAdmin(SecurityContext security) {
        return security != null && security.getUserPrincipal() != null
                && "Bearer".equals(security.getAuthenticationScheme()) && security.isUserInRole("admin");
    }
}
