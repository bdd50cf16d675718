package dev.mosaic.orders.client;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import dev.mosaic.orders.client.grpc.Correlation;
import dev.mosaic.orders.client.grpc.InventoryGrpc;
import dev.mosaic.orders.client.grpc.Line;
import dev.mosaic.orders.client.grpc.ReservationReply;
import dev.mosaic.orders.client.grpc.ReserveRequest;
import dev.mosaic.orders.domain.LineRequest;
import dev.mosaic.orders.domain.StockReservations;
import dev.mosaic.platform.web.OutboundWorkloadToken;
import dev.mosaic.platform.core.RequestContext;
import dev.mosaic.platform.web.Tracing;
import io.opentelemetry.api.trace.SpanKind;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ConnectivityState;
import io.grpc.ForwardingClientCall;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.ExecutionContext;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.FallbackHandler;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * The synchronous reservation at inventory over gRPC. When inventory cannot answer in time (down, slow,
 * circuit open) the fallback reports UNAVAILABLE and the saga queues the reservation through the outbox:
 * the order is accepted either way.
 */
@ApplicationScoped
public class InventoryGrpcReservations implements StockReservations {

    private static final Logger LOG = Logger.getLogger(InventoryGrpcReservations.class.getName());
    private static final Metadata.Key<String> REQUEST_ID = Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> TRACEPARENT = Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER);

    private static final String CALLEE = "inventory";

    private final String target;
    private final boolean plaintext;
    private final long deadlineMillis;
    private volatile ManagedChannel channel;

    @Inject
    public InventoryGrpcReservations(@ConfigProperty(name = "inventory.grpc.url", defaultValue = "http://127.0.0.1:8082") URI url,
                                     @ConfigProperty(name = "inventory.grpc.deadline-ms", defaultValue = "500") long deadlineMillis) {
        this.target = target(url);
        this.plaintext = !"https".equalsIgnoreCase(url.getScheme());
        this.deadlineMillis = deadlineMillis;
    }

    /**
     * The gRPC target {@code host:port} of a base URL. A URL without a port (what Knative's cluster-local names
     * look like: {@code http://inventory.mosaic.svc.cluster.local}) means the scheme's port, never {@code -1}.
     */
    static String target(URI url) {
        if (url.getHost() == null || url.getScheme() == null) {
            throw new IllegalArgumentException("inventory.grpc.url must be an absolute http(s) URL with a host (got '"
                    + url + "'); set mosaic.upstream.inventory, e.g. http://inventory.mosaic.svc.cluster.local");
        }
        int port = url.getPort() != -1 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        return url.getHost() + ":" + port;
    }

    // inventory reserves in a few ms; the gRPC deadline (500 ms) ends a call to a sick instance, and the
    // whole attempt including retries stays under the 1.5 s a customer should wait for a 202.
    @Timeout(1500)
    // A retry rides out a restart or a lost connection; never retry into an open circuit.
    @Retry(maxRetries = 1, delay = 100, abortOn = CircuitBreakerOpenException.class)
    // Half of the last twenty calls failing: stop calling for 5 s; orders go through the outbox meanwhile. Not fewer
    // calls: a handful of slow answers (a cold start, a burst) would send every order for 10 s down the slow path.
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5000)
    @Fallback(ReservationUnavailable.class)
    @Override
    public Outcome reserve(String orderId, List<LineRequest> lines) {
        // A client span for the call, under the request's or event's span; the request carries its ids.
        RequestContext.Ids caller = RequestContext.current().orElseGet(RequestContext::newIds);
        return Tracing.inSpan(InventoryGrpc.getReserveMethod().getFullMethodName(), SpanKind.CLIENT, caller.traceparent(),
                              caller, () -> callReserve(orderId, lines));
    }

    private Outcome callReserve(String orderId, List<LineRequest> lines) {
        ReserveRequest.Builder builder = ReserveRequest.newBuilder().setOrderId(orderId);
        // In the message as well as in metadata: Helidon 4.1.6's gRPC server cannot read metadata (helidon#10295).
        // So is this workload's token: inventory lets only orders reserve.
        Correlation.Builder correlation = Correlation.newBuilder();
        RequestContext.current().ifPresent(ids -> correlation.setRequestId(ids.requestId()).setTraceparent(ids.traceparent()));
        OutboundWorkloadToken.tokens().bearer(CALLEE).ifPresent(bearer -> correlation.setWorkloadToken(bearer.substring("Bearer ".length())));
        builder.setCorrelation(correlation);
        ReserveRequest request = builder
                .addAllLines(lines.stream().map(l -> Line.newBuilder().setSku(l.sku()).setQuantity(l.quantity()).build()).toList())
                .build();
        ReservationReply reply = InventoryGrpc.newBlockingStub(channel())
                .withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS)
                .reserve(request);
        return switch (reply.getStatus()) {
            case RESERVED, COMMITTED -> Outcome.RESERVED;
            case REJECTED -> Outcome.REJECTED;
            case RELEASED -> Outcome.RELEASED;
            default -> throw new IllegalStateException("inventory answered " + reply.getStatus() + " for order " + orderId);
        };
    }

    /** What the saga does when inventory cannot answer now: queue the reservation, and say why it could not. */
    @Dependent
    public static final class ReservationUnavailable implements FallbackHandler<Outcome> {
        @Override
        public Outcome handle(ExecutionContext context) {
            // A @Timeout ends the call by interrupting this thread. The interrupt must not outlive the call: the
            // request goes on to use the database, and an interrupted thread loses its pooled connection mid-way.
            Thread.interrupted();
            Object orderId = context.getParameters().length > 0 ? context.getParameters()[0] : "?";
            LOG.warning("inventory could not take the reservation of order " + orderId + " now (" + why(context.getFailure())
                    + "); it is queued through the outbox and the order stays PENDING until inventory answers");
            return Outcome.UNAVAILABLE;
        }

        private static String why(Throwable failure) {
            if (failure instanceof CircuitBreakerOpenException) {
                return "circuit open after repeated failures: not calling inventory for a few seconds";
            }
            if (failure instanceof TimeoutException) {
                return "no answer within 1.5 s";
            }
            if (failure instanceof StatusRuntimeException grpc) {
                return "gRPC " + grpc.getStatus().getCode() + (grpc.getStatus().getDescription() == null ? ""
                        : ": " + grpc.getStatus().getDescription());
            }
            return String.valueOf(failure);
        }
    }

    /**
     * Dials inventory as soon as orders serves, off the startup thread, so that the first reservation finds an open
     * connection. Dialled lazily, the first call paid for the TCP and HTTP/2 handshakes and for loading the transport's
     * classes inside its 500 ms deadline: on a slow machine it missed it, and the first order after every start
     * (every scale from zero) was reserved through the outbox, seconds later. Started after the server (whose
     * observer runs at {@code PLATFORM_AFTER + 100}), so readiness never waits for it.
     */
    void dialAtStart(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER + 200) @Initialized(ApplicationScoped.class)
                     Object ignored) {
        Thread.ofVirtual().name("inventory-grpc-dial").start(this::dial);
    }

    /**
     * Starts connecting, and watches the attempt. If inventory cannot be reached (not started yet, being deployed),
     * the channel goes back to idle instead of waiting out gRPC's reconnect backoff, which grows to two minutes and
     * fails every call meanwhile: the first reservation then dials afresh, as it would have without this.
     *
     * @return what the attempt came to: {@code READY}, or {@code TRANSIENT_FAILURE} (the channel is idle again)
     */
    CompletableFuture<ConnectivityState> dial() {
        ManagedChannel c = channel();
        CompletableFuture<ConnectivityState> outcome = new CompletableFuture<>();
        follow(c, c.getState(true), outcome);
        return outcome;
    }

    private void follow(ManagedChannel c, ConnectivityState seen, CompletableFuture<ConnectivityState> outcome) {
        switch (seen) {
            case IDLE, CONNECTING -> c.notifyWhenStateChanged(seen, () -> follow(c, c.getState(false), outcome));
            case TRANSIENT_FAILURE -> {
                LOG.info("inventory's gRPC port " + target + " could not be reached when orders started; the channel"
                        + " stays idle and the first reservation dials it again (until then nothing is lost: a"
                        + " reservation that cannot be made now goes through the outbox)");
                c.enterIdle();
                // enterIdle is queued on the channel's own executor: done once the channel has left this state.
                c.notifyWhenStateChanged(seen, () -> outcome.complete(seen));
            }
            case READY, SHUTDOWN -> outcome.complete(seen);
        }
    }

    /** The channel's state, without dialing. */
    ConnectivityState state() {
        return channel().getState(false);
    }

    private ManagedChannel channel() {
        ManagedChannel c = channel;
        if (c == null) {
            synchronized (this) {
                if (channel == null) {
                    ManagedChannelBuilder<?> builder = ManagedChannelBuilder.forTarget(target);
                    // http: HTTP/2 without TLS (h2c), what inventory's port and Knative's cluster-local route speak.
                    builder = plaintext ? builder.usePlaintext() : builder.useTransportSecurity();
                    channel = builder.intercept(new CorrelationInterceptor()).build();
                }
                c = channel;
            }
        }
        return c;
    }

    @PreDestroy
    void close() {
        if (channel != null) {
            channel.shutdownNow();
        }
    }

    /** Carries the request id and trace context on every call, as the REST clients do. */
    private static final class CorrelationInterceptor implements ClientInterceptor {
        @Override
        public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
            return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
                @Override
                public void start(Listener<A> listener, Metadata headers) {
                    RequestContext.current().ifPresent(ids -> {
                        headers.put(REQUEST_ID, ids.requestId());
                        headers.put(TRACEPARENT, ids.traceparent());
                    });
                    super.start(listener, headers);
                }
            };
        }
    }
}
