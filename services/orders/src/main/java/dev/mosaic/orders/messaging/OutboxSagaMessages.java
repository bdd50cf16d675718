package dev.mosaic.orders.messaging;

import java.util.List;

import dev.mosaic.orders.domain.Money;
import dev.mosaic.orders.domain.Order;
import dev.mosaic.orders.domain.SagaMessages;
import dev.mosaic.platform.messaging.CloudEvent;
import dev.mosaic.platform.messaging.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

/** The saga's commands and events as CloudEvents in the outbox (contract: docs/saga.md). Key = order id. */
@ApplicationScoped
public class OutboxSagaMessages implements SagaMessages {

    static final String SOURCE = "/mosaic/orders";
    static final String ORDERS_EVENTS = "orders.events";
    static final String INVENTORY_COMMANDS = "inventory.commands";
    static final String PAYMENTS_COMMANDS = "payments.commands";

    private static final Jsonb JSON = JsonbBuilder.create();

    public record Line(String sku, int quantity) {
    }

    public record PricedLine(String sku, int quantity, Money unitPrice) {
    }

    public record OrderPlaced(String orderId, String customerId, List<PricedLine> lines, Money total) {
    }

    public record OrderConfirmed(String orderId, String customerId, Money total) {
    }

    public record OrderCancelled(String orderId, String customerId, String reason, Money total) {
    }

    public record ReserveStock(String orderId, List<Line> lines) {
    }

    public record AuthorizePayment(String orderId, String customerId, Money amount, String paymentToken) {
    }

    public record RefundPayment(String orderId, String customerId, String reason) {
    }

    private final Outbox outbox;

    @Inject
    public OutboxSagaMessages(Outbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public void orderPlaced(Order o) {
        send(ORDERS_EVENTS, "dev.mosaic.order.placed.v1", o, new OrderPlaced(o.id(), o.customerId(),
                o.lines().stream().map(l -> new PricedLine(l.sku(), l.quantity(), l.unitPrice())).toList(), o.total()));
    }

    @Override
    public void orderConfirmed(Order o) {
        send(ORDERS_EVENTS, "dev.mosaic.order.confirmed.v1", o, new OrderConfirmed(o.id(), o.customerId(), o.total()));
    }

    @Override
    public void orderCancelled(Order o) {
        send(ORDERS_EVENTS, "dev.mosaic.order.cancelled.v1", o,
                new OrderCancelled(o.id(), o.customerId(), o.reason().name(), o.total()));
    }

    @Override
    public void reserveStock(Order o) {
        send(INVENTORY_COMMANDS, "dev.mosaic.stock.reserve.v1", o,
                new ReserveStock(o.id(), o.lines().stream().map(l -> new Line(l.sku(), l.quantity())).toList()));
    }

    @Override
    public void authorizePayment(Order o) {
        send(PAYMENTS_COMMANDS, "dev.mosaic.payment.authorize.v1", o,
                new AuthorizePayment(o.id(), o.customerId(), o.total(), o.paymentToken()));
    }

    @Override
    public void refundPayment(Order o, String why) {
        send(PAYMENTS_COMMANDS, "dev.mosaic.payment.refund.v1", o, new RefundPayment(o.id(), o.customerId(), why));
    }

    private void send(String topic, String type, Order order, Object payload) {
        outbox.publish(topic, CloudEvent.create(SOURCE, type, order.id(), JSON.toJson(payload)));
    }
}
