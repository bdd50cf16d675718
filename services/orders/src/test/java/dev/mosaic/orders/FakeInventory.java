package dev.mosaic.orders;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.mosaic.orders.client.grpc.InventoryGrpc;
import dev.mosaic.orders.client.grpc.ReservationReply;
import dev.mosaic.orders.client.grpc.ReserveRequest;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.stub.StreamObserver;

/**
 * A real gRPC server on a free port speaking inventory's contract, with scripted answers: skus in
 * {@link #soldOut} are rejected, and while {@link #slowMillis} is set every call takes that long.
 */
final class FakeInventory extends InventoryGrpc.InventoryImplBase {

    final Set<String> soldOut = ConcurrentHashMap.newKeySet();
    final List<ReserveRequest> reserves = new CopyOnWriteArrayList<>();
    volatile long slowMillis;
    private final Server server;

    FakeInventory() {
        try {
            server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create()).addService(this).build().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String target() {
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

    void stop() {
        server.shutdownNow();
    }
}
