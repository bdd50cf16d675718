package dev.mosaic.notifications.api;

import java.util.List;

import dev.mosaic.notifications.domain.NotificationService;
import dev.mosaic.platform.web.Validation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** A customer's notifications, newest first. */
@Path("/notifications")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class NotificationsResource {

    /** Set by the gateway from the caller's token; it names the customer when present. */
    public static final String CUSTOMER_HEADER = "X-Customer-Id";
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;

    private final NotificationService notifications;

    @Inject
    public NotificationsResource(NotificationService notifications) {
        this.notifications = notifications;
    }

    /** The customer is the gateway's {@value #CUSTOMER_HEADER} if present, else the {@code customerId} query. */
    @GET
    public List<NotificationView> list(@HeaderParam(CUSTOMER_HEADER) String customerHeader,
                                       @QueryParam("customerId") String customerQuery,
                                       @QueryParam("limit") String limit) {
        String customer = present(customerHeader) ? customerHeader.strip()
                : present(customerQuery) ? customerQuery.strip() : null;
        Validation v = new Validation();
        v.check(customer != null, "customerId", "is required (the " + CUSTOMER_HEADER
                + " header, or the customerId query parameter)");
        v.check(customer == null || customer.length() <= 128, "customerId", "must be at most 128 characters");
        int max = v.integer(limit, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        v.throwIfInvalid();
        return notifications.ofCustomer(customer, max).stream().map(NotificationView::of).toList();
    }


    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
