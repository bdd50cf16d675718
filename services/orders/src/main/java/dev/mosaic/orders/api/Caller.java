package dev.mosaic.orders.api;

import java.util.regex.Pattern;

import dev.mosaic.platform.web.ProblemException;

/**
 * Who is calling. The gateway authenticates customers and passes the id in {@code X-Customer-Id}; a request
 * without it did not come through the gateway's authentication and is refused.
 */
final class Caller {

    static final String HEADER = "X-Customer-Id";
    private static final Pattern ID = Pattern.compile("^[A-Za-z0-9._@-]{1,100}$");

    private Caller() {
    }

    static String customerId(String header) {
        if (header == null || header.isBlank()) {
            throw new ProblemException(401, "unauthenticated", "Authentication required",
                    "No customer identity on the request; call through the gateway with a customer token");
        }
        if (!ID.matcher(header).matches()) {
            throw new ProblemException(401, "unauthenticated", "Authentication required", "The customer identity is malformed");
        }
        return header;
    }
}
