package dev.mosaic.payments.api;

import java.util.List;

import dev.mosaic.payments.domain.PaymentService;
import dev.mosaic.platform.web.ProblemException;
import dev.mosaic.platform.web.Validation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Read-only view of payments: by order (the gateway's order details) and by customer. */
@Path("/payments")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class PaymentsResource {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;

    private final PaymentService payments;

    @Inject
    public PaymentsResource(PaymentService payments) {
        this.payments = payments;
    }

    @GET
    @Path("/{orderId}")
    public PaymentView get(@PathParam("orderId") String orderId) {
        if (orderId.length() > 64) {
            throw ProblemException.notFound("payment of order", orderId.substring(0, 64) + "…");
        }
        return PaymentView.of(payments.get(orderId));
    }

    /** A customer's payments, newest first. */
    @GET
    public List<PaymentView> list(@QueryParam("customerId") String customerId, @QueryParam("limit") String limit) {
        Validation v = new Validation();
        if (v.required(blankToNull(customerId), "customerId")) {
            v.check(customerId.length() <= 128, "customerId", "must be at most 128 characters");
        }
        int max = v.integer(limit, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        v.throwIfInvalid();
        return payments.ofCustomer(customerId.strip(), max).stream().map(PaymentView::of).toList();
    }


    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
