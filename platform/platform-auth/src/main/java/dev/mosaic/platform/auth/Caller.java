package dev.mosaic.platform.auth;

import java.time.Instant;
import java.util.Set;

/**
 * Who made a request, as a verified token says.
 *
 * @param subject   the token's {@code sub}: the customer id for customers
 * @param roles     the roles the token grants ({@link #CUSTOMER}, {@link #ADMIN})
 * @param expiresAt when the token stops being accepted
 */
public record Caller(String subject, Set<String> roles, Instant expiresAt) {

    public static final String CUSTOMER = "customer";
    public static final String ADMIN = "admin";

    public Caller {
        roles = Set.copyOf(roles);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    public boolean isAdmin() {
        return hasRole(ADMIN);
    }
}
