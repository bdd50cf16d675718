package dev.mosaic.orders.api;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.mosaic.orders.domain.Order;
import dev.mosaic.orders.domain.OrderChanges;
import dev.mosaic.orders.domain.OrderPlacement;
import dev.mosaic.orders.domain.OrderQueries;
import dev.mosaic.orders.domain.OrderSaga;
import dev.mosaic.platform.web.Access;
import dev.mosaic.platform.web.Callers;
import dev.mosaic.platform.web.LongPoll;
import dev.mosaic.platform.web.ProblemException;
import dev.mosaic.platform.web.RequestAdmission;
import dev.mosaic.platform.core.RequestContext;
import dev.mosaic.platform.core.Validation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Placing, reading and cancelling one's own orders. */
@Access(roles = {Access.CUSTOMER, Access.ADMIN})
@Path("/orders")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class OrdersResource {

    /** How long a read that heard of a change but found the old tag waits before reading again. */
    private static final Duration SETTLE = Duration.ofMillis(5);

    private final OrderPlacement placement;
    private final OrderQueries orders;
    private final OrderSaga saga;
    private final Set<String> paymentTokens;
    private final OrderChanges changes;
    private final Duration maxWait;
    private final Duration recheck;

    @Inject
    public OrdersResource(OrderPlacement placement, OrderQueries orders, OrderSaga saga, OrderChanges changes,
                          @ConfigProperty(name = "orders.payment-tokens", defaultValue = "tok_ok,tok_decline") String tokens,
                          @ConfigProperty(name = "orders.watch.max-wait-ms", defaultValue = "3000") long maxWaitMillis,
                          @ConfigProperty(name = "orders.watch.recheck-ms", defaultValue = "1000") long recheckMillis) {
        this.placement = placement;
        this.orders = orders;
        this.saga = saga;
        this.changes = changes;
        this.maxWait = Duration.ofMillis(maxWaitMillis);
        this.recheck = Duration.ofMillis(recheckMillis);
        this.paymentTokens = Arrays.stream(tokens.split(",")).map(String::strip).collect(Collectors.toUnmodifiableSet());
    }

    /** Accepted means the order will reach CONFIRMED or CANCELLED; follow it at the Location. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response place(@Context SecurityContext security, @HeaderParam("Idempotency-Key") String key,
                          PlaceOrderRequest request) {
        String customerId = Callers.customerId(security);
        if (key != null && (key.isBlank() || key.length() > 100)) {
            throw ProblemException.invalid("Idempotency-Key", "must be 1-100 characters");
        }
        if (request == null) {
            throw ProblemException.invalid("body", "is required");
        }
        var placed = placement.place(customerId, request.validate(paymentTokens), request.paymentToken(), key);
        RequestContext.subject(placed.order().id());
        return Response.accepted(new Accepted(placed.order().id(), placed.order().status().name()))
                // A path, not an absolute URI: behind the gateway, this service's own host is not the client's.
                .header("Location", "/api/orders/" + placed.order().id())
                .header("Idempotent-Replayed", placed.replayed())
                .build();
    }

    /** The answer to a placement: the order id and where it stands already. */
    public record Accepted(String id, String status) {
    }

    /**
     * The order, with its entity tag. {@code If-None-Match} with that tag answers 304 while the order is unchanged;
     * add {@code Prefer: wait=N} and the answer comes when the order changes, or as a 304 after N seconds (at most
     * {@code orders.watch.max-wait-ms}): one request per step of the saga instead of a poll every few milliseconds.
     */
    @GET
    @Path("/{id}")
    public Response get(@Context SecurityContext security, @PathParam("id") String id,
                        @HeaderParam("If-None-Match") String ifNoneMatch, @HeaderParam("Prefer") String prefer) {
        RequestContext.subject(id);
        String customerId = Callers.customerId(security);
        Duration wait = LongPoll.namesATag(ifNoneMatch) ? LongPoll.requestedWait(prefer, maxWait) : Duration.ZERO;
        long deadline = System.nanoTime() + wait.toNanos();
        boolean heard = false;
        while (true) {
            // Listen before reading: a change committed between the read and the wait still wakes this request.
            try (OrderChanges.Watch watch = wait.isZero() ? null : changes.watch(id)) {
                Order order = orders.get(customerId, id);
                String etag = LongPoll.etag(Long.toString(order.version()));
                if (!LongPoll.matches(ifNoneMatch, etag)) {
                    return Response.ok(OrderView.of(order)).header("ETag", etag).build();
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    Response.ResponseBuilder notModified = Response.notModified().header("ETag", etag);
                    return wait.isZero() ? notModified.build()
                            : notModified.header("Preference-Applied", "wait=" + wait.toSeconds()).build();
                }
                // Heard of a change but read the same tag: the shared cache may take the commit a moment after the
                // news of it. Otherwise wake at least every recheck, for a change another instance committed.
                Duration next = heard ? SETTLE : Duration.ofNanos(Math.min(left, recheck.toNanos()));
                heard = awaitQuietly(watch, next);
            }
        }
    }

    private static boolean awaitQuietly(OrderChanges.Watch watch, Duration max) {
        try {
            // Waiting for news is not work: the request's place among those orders works on at once is free meanwhile.
            return RequestAdmission.whileWaiting(() -> watch.await(max));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProblemException.unavailable("the server is stopping; ask again", 1);
        }
    }

    /** The caller's orders, newest first. */
    @GET
    public List<OrderView> mine(@Context SecurityContext security,
                                @QueryParam("limit") @DefaultValue("50") String limit) {
        Validation v = new Validation();
        int max = v.integer(limit, "limit", 50, 1, 200);
        v.throwIfInvalid();
        return orders.mine(Callers.customerId(security), max).stream().map(OrderView::of).toList();
    }

    /** Cancels before confirmation (stock released), refunds after; cancelling a cancelled order is harmless. */
    @POST
    @Path("/{id}/cancel")
    public Response cancel(@Context SecurityContext security, @PathParam("id") String id) {
        RequestContext.subject(id);
        var order = saga.cancelByCustomer(Callers.customerId(security), id);
        return Response.accepted(OrderView.of(order)).build();
    }
}
