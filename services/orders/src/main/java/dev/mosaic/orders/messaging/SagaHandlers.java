package dev.mosaic.orders.messaging;

import dev.mosaic.orders.domain.OrderService;
import dev.mosaic.platform.events.CloudEvent;
import dev.mosaic.platform.events.EventHandler;
import dev.mosaic.platform.core.RequestContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The answers orders waits for from inventory and payments: one-line adapters into {@link OrderService}. */
public final class SagaHandlers {

    private SagaHandlers() {
    }

    /** Any answer about one order; orders needs only its id (own copy of the payloads, tolerant reader). */
    public record OrderRef(String orderId) {
    }

    abstract static class Base implements EventHandler<OrderRef> {
        @Inject
        OrderService orders;

        @Override
        public Class<OrderRef> payloadType() {
            return OrderRef.class;
        }

        /** The order the answer is about, which from here on every log line of its handling names. */
        String orderId(OrderRef ref, CloudEvent event) {
            String orderId = ref.orderId() != null ? ref.orderId() : event.subject();
            RequestContext.orderId(orderId);
            return orderId;
        }
    }

    @ApplicationScoped
    public static class StockReserved extends Base {
        @Override
        public String type() {
            return "dev.mosaic.stock.reserved.v1";
        }

        @Override
        public String topic() {
            return "inventory.events";
        }

        @Override
        public void handle(OrderRef ref, CloudEvent event) {
            orders.onStockReserved(orderId(ref, event));
        }
    }

    /** inventory answers a repeated reserve with the reservation's state; COMMITTED means it was reserved. */
    @ApplicationScoped
    public static class StockCommitted extends Base {
        @Override
        public String type() {
            return "dev.mosaic.stock.committed.v1";
        }

        @Override
        public String topic() {
            return "inventory.events";
        }

        @Override
        public void handle(OrderRef ref, CloudEvent event) {
            orders.onStockReserved(orderId(ref, event));
        }
    }

    @ApplicationScoped
    public static class StockRejected extends Base {
        @Override
        public String type() {
            return "dev.mosaic.stock.rejected.v1";
        }

        @Override
        public String topic() {
            return "inventory.events";
        }

        @Override
        public void handle(OrderRef ref, CloudEvent event) {
            orders.onStockRejected(orderId(ref, event));
        }
    }

    @ApplicationScoped
    public static class PaymentAuthorized extends Base {
        @Override
        public String type() {
            return "dev.mosaic.payment.authorized.v1";
        }

        @Override
        public String topic() {
            return "payments.events";
        }

        @Override
        public void handle(OrderRef ref, CloudEvent event) {
            orders.onPaymentAuthorized(orderId(ref, event));
        }
    }

    @ApplicationScoped
    public static class PaymentDeclined extends Base {
        @Override
        public String type() {
            return "dev.mosaic.payment.declined.v1";
        }

        @Override
        public String topic() {
            return "payments.events";
        }

        @Override
        public void handle(OrderRef ref, CloudEvent event) {
            orders.onPaymentDeclined(orderId(ref, event));
        }
    }
}
