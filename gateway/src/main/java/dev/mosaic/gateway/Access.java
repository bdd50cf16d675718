package dev.mosaic.gateway;

import java.util.Locale;

import dev.mosaic.platform.auth.Caller;

/** Who may use a route: anyone, a signed-in customer (or admin), or an admin only. */
public enum Access {
    PUBLIC,
    CUSTOMER,
    ADMIN;

    public static Access parse(String value, String route) {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Route " + route + " has access '" + value
                    + "'; use one of public, customer, admin");
        }
    }

    /** Whether a verified caller may pass; {@code null} is an anonymous caller. */
    public boolean admits(Caller caller) {
        return switch (this) {
            case PUBLIC -> true;
            case CUSTOMER -> caller != null && (caller.hasRole(Caller.CUSTOMER) || caller.isAdmin());
            case ADMIN -> caller != null && caller.isAdmin();
        };
    }
}
