package dev.mosaic.platform.web;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * Lets at most {@code mosaic.web.max-concurrent-requests} (8) requests work at once; the next ones wait, in order
 * of arrival, up to {@code mosaic.web.admission-wait-ms} (1000), and are then refused with a 503 "overloaded"
 * problem and {@code Retry-After}.
 * <p>
 * Why: every request a service works on may hold one of its database connections, and its event consumer and
 * outbox relay need connections too. Without a limit, a burst of requests takes the whole pool, the rest queue in
 * the pool for its full timeout, and the consumer and relay wait behind them: the saga stops moving while requests
 * pile up, each answered too late to be of use. Keep this limit below the pool's {@code maximumPoolSize} (10) so
 * that the background work always finds a connection, and below what the machine can do at once, so that a
 * request refused early is asked again (the gateway and clients honour {@code Retry-After}) rather than waiting
 * for an answer nobody will read.
 * <p>
 * A request that waits for something other than this service's own work (a long poll) gives its place back
 * while it waits ({@link #whileWaiting}). Requests no resource matched (health, metrics) do not pass here.
 * <p>
 * Meters: {@code mosaic_web_requests_active} (working now), {@code mosaic_web_requests_queued} (waiting for a
 * place) and {@code mosaic_web_requests_refused_total} (turned away after waiting).
 */
@Provider
// After authentication and authorisation: a caller who is turned away anyway takes no place.
@Priority(Priorities.USER)
@ApplicationScoped
public class RequestAdmission implements ContainerRequestFilter, ContainerResponseFilter {

    private static final Logger LOG = Logger.getLogger(RequestAdmission.class.getName());
    private static final String PERMIT = RequestAdmission.class.getName() + ".permit";
    /** The place the request on this thread holds; requests run on one thread each from filter to response. */
    private static final ThreadLocal<Place> HELD = new ThreadLocal<>();
    private static final long REFUSAL_LOG_INTERVAL_NANOS = Duration.ofSeconds(10).toNanos();

    private final Semaphore places;
    private final int limit;
    private final long waitMillis;
    private final AtomicInteger queued = new AtomicInteger();
    private final Counter refused;
    private volatile long lastRefusalLogged = System.nanoTime() - REFUSAL_LOG_INTERVAL_NANOS;

    @Inject
    public RequestAdmission(MetricRegistry metrics,
                            @ConfigProperty(name = "mosaic.web.max-concurrent-requests", defaultValue = "8") int limit,
                            @ConfigProperty(name = "mosaic.web.admission-wait-ms", defaultValue = "1000")
                            long waitMillis) {
        if (limit < 1) {
            throw new IllegalArgumentException("mosaic.web.max-concurrent-requests must be at least 1, not " + limit);
        }
        this.limit = limit;
        this.places = new Semaphore(limit, true);
        this.waitMillis = Math.max(0, waitMillis);
        metrics.gauge(Metadata.builder().withName("mosaic.web.requests.active")
                .withDescription("Requests this instance is working on (at most mosaic.web.max-concurrent-requests)")
                .build(), () -> limit - places.availablePermits());
        metrics.gauge(Metadata.builder().withName("mosaic.web.requests.queued")
                .withDescription("Requests waiting for a place among those the instance works on at once").build(),
                queued::get);
        this.refused = metrics.counter(Metadata.builder().withName("mosaic.web.requests.refused")
                .withDescription("Requests refused with 503 after waiting mosaic.web.admission-wait-ms for a place")
                .build());
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Place place = new Place(this);
        if (!place.take()) {
            request.abortWith(ProblemMapper.toResponse(overloaded(), "/" + request.getUriInfo().getPath()
                    .replaceFirst("^/", "")));
            return;
        }
        request.setProperty(PERMIT, place);
        HELD.set(place);
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(PERMIT) instanceof Place place) {
            request.removeProperty(PERMIT);
            place.give();
        }
        HELD.remove();
    }

    /**
     * Runs {@code waiting} (a wait for news from elsewhere, not work) with the calling request's place given back,
     * and takes a place again afterwards, as a new request would: when none becomes free in time, the request is
     * refused as overloaded. Outside a request admitted here it just runs {@code waiting}.
     */
    public static <T> T whileWaiting(Waiting<T> waiting) throws InterruptedException {
        Place place = HELD.get();
        if (place == null || !place.held) {
            return waiting.await();
        }
        place.give();
        try {
            return waiting.await();
        } finally {
            if (!place.take()) {
                throw place.admission.overloaded();
            }
        }
    }

    /** A wait {@link #whileWaiting} runs. */
    @FunctionalInterface
    public interface Waiting<T> {
        T await() throws InterruptedException;
    }

    private ProblemException overloaded() {
        return ProblemException.unavailable("This service is overloaded: " + limit + " requests were in progress "
                + "and no place became free within " + waitMillis + " ms; retry after the time in Retry-After", 1);
    }

    private void refusedOne() {
        refused.inc();
        long now = System.nanoTime();
        long last = lastRefusalLogged;
        if (now - last >= REFUSAL_LOG_INTERVAL_NANOS) {
            lastRefusalLogged = now;
            LOG.warning("Refusing requests: " + limit + " in progress (mosaic.web.max-concurrent-requests) and "
                    + queued.get() + " waiting; a request that waits " + waitMillis + " ms gets 503 with Retry-After. "
                    + "The service receives more than it can do: scale it out, or find what makes its requests slow "
                    + "(mosaic_http_server_requests_seconds, CPU, database). Count: mosaic_web_requests_refused_total");
        }
    }

    /** One request's place; given back at most once however often {@link #give} is called. */
    private static final class Place {
        private final RequestAdmission admission;
        private boolean held;

        Place(RequestAdmission admission) {
            this.admission = admission;
        }

        boolean take() {
            admission.queued.incrementAndGet();
            try {
                held = admission.places.tryAcquire(admission.waitMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                held = false;
            } finally {
                admission.queued.decrementAndGet();
            }
            if (!held) {
                admission.refusedOne();
            }
            return held;
        }

        void give() {
            if (held) {
                held = false;
                admission.places.release();
            }
        }
    }
}
