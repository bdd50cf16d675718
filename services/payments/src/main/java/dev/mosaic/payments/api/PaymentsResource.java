package dev.mosaic.payments.api;

import java.util.List;

import dev.mosaic.payments.domain.Payment;
import dev.mosaic.payments.domain.PaymentService;
import dev.mosaic.platform.web.Access;
import dev.mosaic.platform.web.Callers;
import dev.mosaic.platform.web.ProblemException;
import dev.mosaic.platform.core.Validation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/**
 * Read-only view of payments: by order (the gateway's order details) and by customer. Scoped to the caller: a
 * customer sees only their own payments; only an admin may name another customer or read anyone's payment.
 */
@Path("/payments")
@Access(roles = {Access.CUSTOMER, Access.ADMIN})
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
    public PaymentView get(@Context SecurityContext security, @PathParam("orderId") String orderId) {
        if (orderId.length() > 64) {
            throw ProblemException.notFound("payment of order", orderId.substring(0, 64) + "…");
        }
        Payment payment = payments.get(orderId);
        // Another customer's payment is answered as if it did not exist: its existence is not theirs to learn.
        if (!Callers.isAdmin(security) && !payment.customerId().equals(Callers.customerId(security))) {
            throw ProblemException.notFound("payment of order", orderId);
        }
        return PaymentView.of(payment);
    }

    /** A customer's payments, newest first. */
    @GET
    public List<PaymentView> list(@Context SecurityContext security, @QueryParam("customerId") String customerQuery,
                                  @QueryParam("limit") String limit) {
        // customerId from the query is honoured for admins only; a customer's list is always their own.
        String customerId = Callers.isAdmin(security) ? customerQuery : Callers.customerId(security);
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
