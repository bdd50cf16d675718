package dev.mosaic.notifications.api;

import java.util.List;

import dev.mosaic.notifications.domain.NotificationService;
import dev.mosaic.platform.web.Access;
import dev.mosaic.platform.web.Callers;
import dev.mosaic.platform.core.Validation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/** A customer's notifications, newest first. */
@Access(roles = {Access.CUSTOMER, Access.ADMIN})
@Path("/notifications")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class NotificationsResource {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;

    private final NotificationService notifications;

    @Inject
    public NotificationsResource(NotificationService notifications) {
        this.notifications = notifications;
    }

    /**
     * The caller's own notifications (the customer is the verified token's subject). An admin may name any customer
     * with {@code customerId}; for anyone else that parameter is ignored, so nobody reads another's messages.
     */
    @GET
    public List<NotificationView> list(@Context SecurityContext security,
                                       @QueryParam("customerId") String customerQuery,
                                       @QueryParam("limit") String limit) {
        String customer = Callers.isAdmin(security) && present(customerQuery) ? customerQuery.strip()
                : Callers.customerId(security);
        Validation v = new Validation();
        v.check(customer.length() <= 128, "customerId", "must be at most 128 characters");
        int max = v.integer(limit, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        v.throwIfInvalid();
        return notifications.ofCustomer(customer, max).stream().map(NotificationView::of).toList();
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
