package dev.mosaic.inventory.messaging;

import java.util.List;

import dev.mosaic.inventory.domain.Reservation;
import dev.mosaic.inventory.domain.ReservationEvents;
import dev.mosaic.platform.messaging.CloudEvent;
import dev.mosaic.platform.messaging.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

/** Publishes reservation facts to {@code inventory.events} through the outbox, subject = order id (schemas in docs/events/). */
@ApplicationScoped
public class OutboxReservationEvents implements ReservationEvents {

    public static final String TOPIC = "inventory.events";
    public static final String SOURCE = "/mosaic/inventory";
    public static final String RESERVED = "dev.mosaic.stock.reserved.v1";
    public static final String REJECTED = "dev.mosaic.stock.rejected.v1";
    public static final String RELEASED = "dev.mosaic.stock.released.v1";
    public static final String COMMITTED = "dev.mosaic.stock.committed.v1";

    private static final Jsonb JSON = JsonbBuilder.create();

    /** A line of {@value #RESERVED}. */
    public record LineData(String sku, int quantity) {
    }

    /** A line of {@value #REJECTED} that did not fit. */
    public record UnavailableData(String sku, int requested, int available) {
    }

    /** Payload of {@value #RESERVED}. */
    public record StockReserved(String orderId, List<LineData> lines) {
    }

    /** Payload of {@value #REJECTED}. */
    public record StockRejected(String orderId, List<UnavailableData> unavailable) {
    }

    /** Payload of {@value #RELEASED} and {@value #COMMITTED}. */
    public record OrderStock(String orderId) {
    }

    private final Outbox outbox;

    @Inject
    public OutboxReservationEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public void reserved(Reservation r) {
        publish(RESERVED, r, new StockReserved(r.orderId(),
                r.lines().stream().map(l -> new LineData(l.sku(), l.quantity())).toList()));
    }

    @Override
    public void rejected(Reservation r) {
        publish(REJECTED, r, new StockRejected(r.orderId(),
                r.unavailable().stream().map(u -> new UnavailableData(u.sku(), u.requested(), u.available())).toList()));
    }

    @Override
    public void released(Reservation r) {
        publish(RELEASED, r, new OrderStock(r.orderId()));
    }

    @Override
    public void committed(Reservation r) {
        publish(COMMITTED, r, new OrderStock(r.orderId()));
    }

    private void publish(String type, Reservation r, Object payload) {
        outbox.publish(TOPIC, CloudEvent.create(SOURCE, type, r.orderId(), JSON.toJson(payload)));
    }
}
