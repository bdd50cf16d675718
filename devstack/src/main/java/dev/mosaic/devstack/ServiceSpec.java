package dev.mosaic.devstack;

import java.util.List;

/** One process of the local stack and the port it listens on when no offset is applied. */
public record ServiceSpec(String name, Kind kind, int basePort) {

    /** What a process is decides how it is launched and how its readiness is checked. */
    public enum Kind { KAFKA, SERVICE, GATEWAY }

    /**
     * Every process of the stack, in start order (stopped in reverse). A new service is one line here.
     */
    public static final List<ServiceSpec> ALL = List.of(
            new ServiceSpec("kafka", Kind.KAFKA, 9092),
            new ServiceSpec("catalog", Kind.SERVICE, 8081),
            new ServiceSpec("inventory", Kind.SERVICE, 8082),
            new ServiceSpec("orders", Kind.SERVICE, 8083),
            new ServiceSpec("payments", Kind.SERVICE, 8084),
            new ServiceSpec("notifications", Kind.SERVICE, 8085),
            new ServiceSpec("gateway", Kind.GATEWAY, 8080));

    public ServiceSpec {
        // The name becomes a database, a role, a file name and a system property suffix.
        if (!name.matches("[a-z][a-z0-9]*")) {
            throw new IllegalArgumentException("Service name must be lower-case letters and digits: " + name);
        }
    }

    public boolean isService() {
        return kind == Kind.SERVICE;
    }
}
