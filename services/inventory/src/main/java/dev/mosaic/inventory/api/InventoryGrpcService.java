package dev.mosaic.inventory.api;

import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import dev.mosaic.inventory.domain.InventoryService;
import dev.mosaic.inventory.domain.Line;
import dev.mosaic.inventory.domain.Reservation;
import dev.mosaic.inventory.grpc.Correlation;
import dev.mosaic.inventory.grpc.InventoryGrpc;
import dev.mosaic.inventory.grpc.ReservationReply;
import dev.mosaic.inventory.grpc.ReserveRequest;
import dev.mosaic.inventory.grpc.Unavailable;
import dev.mosaic.platform.web.BearerAuthentication;
import dev.mosaic.platform.core.DomainException;
import dev.mosaic.platform.web.ProblemException;
import dev.mosaic.platform.core.RequestContext;
import dev.mosaic.platform.web.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.grpc.BindableService;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The {@code mosaic.inventory.v1.Inventory} gRPC service (src/main/proto/inventory.proto): orders' synchronous door
 * to reserve stock while it places an order (commit and release come over orders.events). Helidon registers every
 * CDI bean that is a {@link BindableService} on the web server, which answers gRPC (HTTP/2) on the same port as REST. Problems become gRPC statuses: invalid input
 * INVALID_ARGUMENT, a concurrent first operation on the same order ABORTED (repeat it), contention UNAVAILABLE.
 * <p>
 * Helidon 4.1.6 hands a service the names of the request's metadata as their values (helidon-io/helidon#10295,
 * fixed in 4.2), so a caller's {@code x-request-id} and {@code traceparent} cannot be read from metadata: they
 * travel in the message's {@code correlation} field instead, next to the order id, and each call continues the
 * caller's trace in a span of its own (fresh ids when the caller sent none).
 */
@ApplicationScoped
public class InventoryGrpcService implements InventoryGrpc.AsyncService, BindableService {

    private static final Logger LOG = Logger.getLogger(InventoryGrpcService.class.getName());

    /** The only workload that may reserve stock: the saga's orchestrator. */
    static final String CALLER = "orders";

    private final InventoryService inventory;
    private final BearerAuthentication authentication;

    @Inject
    public InventoryGrpcService(InventoryService inventory, BearerAuthentication authentication) {
        this.inventory = inventory;
        this.authentication = authentication;
    }

    @Override
    public ServerServiceDefinition bindService() {
        return ServerInterceptors.intercept(InventoryGrpc.bindService(this), new GrpcHeadersBeforeErrors());
    }

    @Override
    public void reserve(ReserveRequest request, StreamObserver<ReservationReply> reply) {
        answer(reply, InventoryGrpc.getReserveMethod().getFullMethodName(), request.getOrderId(), request.getCorrelation(),
               () -> inventory.reserve(request.getOrderId(),
                request.getLinesList().stream().map(l -> new Line(l.getSku(), l.getQuantity())).toList()));
    }

    private void answer(StreamObserver<ReservationReply> observer, String method, String orderId,
                        Correlation caller, Supplier<Reservation> call) {
        Status refused = refusal(caller.getWorkloadToken());
        if (refused != null) {
            LOG.warning("gRPC " + method + " for order " + orderId + " refused: " + refused.getDescription());
            observer.onError(refused.asRuntimeException());
            return;
        }
        // Empty fields (an older or id-less caller) are missing values: fresh ones are made. A server span under
        // the caller's client span (its traceparent travels in the message).
        RequestContext.Ids ids = RequestContext.continueFrom(caller.getRequestId(), caller.getTraceparent()).withSubject(orderId);
        Tracing.inSpan(method, SpanKind.SERVER, caller.getTraceparent(), ids, () -> {
            ReservationReply reply;
            try {
                reply = toReply(call.get());
            } catch (RuntimeException e) {
                Status status = toStatus(e);
                Span.current().setStatus(StatusCode.ERROR, status.getCode().name());
                observer.onError(status.asRuntimeException());
                return;
            }
            LOG.info(() -> "gRPC answer for order " + reply.getOrderId() + ": " + reply.getStatus());
            observer.onNext(reply);
            observer.onCompleted();
        });
    }

    /** Null when the call comes from {@link #CALLER}, else the status that refuses it (and changes nothing). */
    private Status refusal(String token) {
        if (token == null || token.isBlank()) {
            return Status.UNAUTHENTICATED.withDescription("The call carries no workload token (correlation.workload_token); "
                    + "only " + CALLER + " may call this method");
        }
        String workload;
        try {
            workload = authentication.verifyWorkload(token, "correlation.workload_token");
        } catch (ProblemException e) {
            return (e.status() == 503 ? Status.UNAVAILABLE : Status.UNAUTHENTICATED).withDescription(e.getMessage());
        }
        return CALLER.equals(workload) ? null
                : Status.PERMISSION_DENIED.withDescription("Workload '" + workload + "' may not call this method; only " + CALLER + " may");
    }

    static ReservationReply toReply(Reservation r) {
        return ReservationReply.newBuilder()
                .setOrderId(r.orderId())
                .setStatus(ReservationReply.Status.valueOf(r.status().name()))
                .addAllUnavailable(r.unavailable().stream().map(u -> Unavailable.newBuilder()
                        .setSku(u.sku()).setRequested(u.requested()).setAvailable(u.available()).build()).toList())
                .build();
    }

    private static Status toStatus(RuntimeException error) {
        ProblemException problem = problemIn(error);
        if (problem == null) {
            String requestId = RequestContext.current().map(RequestContext.Ids::requestId).orElse("-");
            LOG.log(Level.SEVERE, "gRPC call failed unexpectedly (request id " + requestId + "): " + error, error);
            return Status.INTERNAL.withDescription("The server failed to process the call; it has been logged with "
                    + "request id " + requestId);
        }
        String description = problem.errors().isEmpty() ? problem.getMessage()
                : problem.errors().stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; "));
        Status status = switch (problem.status()) {
            case 400 -> Status.INVALID_ARGUMENT;
            case 409 -> Status.ABORTED;
            case 503 -> Status.UNAVAILABLE;
            default -> Status.INTERNAL;
        };
        return status.withDescription(description);
    }

    private static ProblemException problemIn(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ProblemException p) {
                return p;
            }
            if (t instanceof DomainException refusal) {
                return ProblemException.from(refusal);
            }
        }
        return null;
    }
}
