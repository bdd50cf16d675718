package dev.mosaic.platform.web;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Test resources that hold a request until the test opens the gate: {@code /gate/work} while holding its place
 * (busy), {@code /gate/news} inside {@link RequestAdmission#whileWaiting} (a long poll waiting for a change).
 */
@Path("/gate")
@ApplicationScoped
@Access(roles = Access.CUSTOMER)
public class FakeGateResource {

    static volatile CountDownLatch gate = new CountDownLatch(1);
    static final AtomicInteger inside = new AtomicInteger();

    static void close() {
        gate = new CountDownLatch(1);
        inside.set(0);
    }

    static void open() {
        gate.countDown();
    }

    @GET
    @Path("/work")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> work() throws InterruptedException {
        inside.incrementAndGet();
        return Map.of("opened", String.valueOf(gate.await(30, TimeUnit.SECONDS)));
    }

    @GET
    @Path("/news")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> news() throws InterruptedException {
        inside.incrementAndGet();
        boolean opened = RequestAdmission.whileWaiting(() -> gate.await(30, TimeUnit.SECONDS));
        return Map.of("opened", String.valueOf(opened));
    }
}
