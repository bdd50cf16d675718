package dev.mosaic.platform.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Who may call a resource method (on the method, or on its class for every method). A call passes when its verified
 * end user ({@code Authorization}) has one of {@link #roles()}, or its verified calling workload
 * ({@code Workload-Authorization}) is one of {@link #workloads()}. A call with neither credential gets 401, one whose
 * credentials do not fit gets 403. A resource method without this annotation refuses everyone (closed by default);
 * {@link AccessControl} logs such methods at startup. {@code /health/*} and {@code /metrics} are not resources and
 * answer without a token.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface Access {

    String CUSTOMER = "customer";
    String ADMIN = "admin";
    /** In {@link #workloads()}: any verified workload, for resources that decide themselves which (e.g. {@code /events}). */
    String ANY_WORKLOAD = "*";

    /** End-user roles that pass ({@link #CUSTOMER}, {@link #ADMIN}). */
    String[] roles() default {};

    /** Calling workloads that pass, by name ({@code gateway}, {@code orders}); {@link #ANY_WORKLOAD} for any. */
    String[] workloads() default {};
}
