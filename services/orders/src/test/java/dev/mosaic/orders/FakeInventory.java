package dev.mosaic.orders;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.mosaic.orders.client.grpc.InventoryGrpc;
import dev.mosaic.orders.client.grpc.ReservationReply;
import dev.mosaic.orders.client.grpc.ReserveRequest;
import io.grpc.Attributes;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerTransportFilter;
import io.grpc.stub.StreamObserver;

/**
 * A real gRPC server on a free port speaking inventory's contract, with scripted answers: skus in
 * {@link #soldOut} are rejected, and while {@link #slowMillis} is set every call takes that long. It counts the
 * connections made to it, calls or not.
 */
public final class FakeInventory extends InventoryGrpc.InventoryImplBase {

    final Set<String> soldOut = ConcurrentHashMap.newKeySet();
    public final List<ReserveRequest> reserves = new CopyOnWriteArrayList<>();
    volatile long slowMillis;
    private final AtomicInteger connections = new AtomicInteger();
    private final Server server;

    FakeInventory() {
        this(0);
    }

    /** On the given port; 0 for a free one. */
    public FakeInventory(int port) {
        try {
            server = Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create()).addService(this)
                    .addTransportFilter(new ServerTransportFilter() {
                        @Override
                        public Attributes transportReady(Attributes transport) {
                            connections.incrementAndGet();
                            return transport;
                        }
                    })
                    .build().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Connections whose HTTP/2 handshake completed, since the start. */
    public int connections() {
        return connections.get();
    }

    public String target() {
        return "127.0.0.1:" + server.getPort();
    }

    @Override
    public void reserve(ReserveRequest request, StreamObserver<ReservationReply> reply) {
        reserves.add(request);
        if (slowMillis > 0) {
            try {
                Thread.sleep(slowMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        boolean rejected = request.getLinesList().stream().anyMatch(l -> soldOut.contains(l.getSku()));
        reply.onNext(ReservationReply.newBuilder().setOrderId(request.getOrderId())
                .setStatus(rejected ? ReservationReply.Status.REJECTED : ReservationReply.Status.RESERVED).build());
        reply.onCompleted();
    }

    long reservesOf(String orderId) {
        return reserves.stream().filter(r -> r.getOrderId().equals(orderId)).count();
    }

    public void stop() {
        server.shutdownNow();
    }
}
