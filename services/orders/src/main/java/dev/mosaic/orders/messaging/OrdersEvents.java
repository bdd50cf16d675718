package dev.mosaic.orders.messaging;

import static dev.mosaic.platform.messaging.EventHandler.on;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Consumer;

import dev.mosaic.orders.domain.Money;
import dev.mosaic.orders.domain.OrderQueries;
import dev.mosaic.orders.domain.OrderSaga;
import dev.mosaic.orders.persistence.PriceReplica;
import dev.mosaic.platform.core.RequestContext;
import dev.mosaic.platform.messaging.CloudEvent;
import dev.mosaic.platform.messaging.EventHandler;
import dev.mosaic.platform.messaging.EventSubscriptions;
import dev.mosaic.platform.messaging.InvalidEventException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * What orders does with the events it consumes: the answers the saga waits for from inventory and payments, each
 * one call into {@link OrderSaga}, and catalog's prices, which keep the price replica current.
 */
@ApplicationScoped
public class OrdersEvents implements EventSubscriptions {

    static final String INVENTORY = "inventory.events";
    static final String PAYMENTS = "payments.events";
    static final String CATALOG = "catalog.events";

    /** Any answer about one order; orders needs only its id (own copy of the payloads, tolerant reader). */
    public record OrderRef(String orderId) {
    }

    /** The fields orders reads from both catalog events (own copy; tolerant reader). */
    public record ProductPriced(String sku, Money price) {
    }

    private final OrderSaga orders;
    private final OrderQueries queries;
    private final PriceReplica replica;

    @Inject
    public OrdersEvents(OrderSaga orders, OrderQueries queries, PriceReplica replica) {
        this.orders = orders;
        this.queries = queries;
        this.replica = replica;
    }

    @Override
    public List<EventHandler<?>> handlers() {
        // inventory publishes stock.reserved also for a reservation it answered over gRPC, which the placement has
        // applied already, and stock.committed after the confirmation: for most orders neither can change anything,
        // and finding that out before a transaction saves one per event (EventHandler.settled).
        BiPredicate<OrderRef, CloudEvent> stockAnswered = (ref, event) -> !queries.awaitsStock(orderId(ref, event));
        return List.of(
                answer(INVENTORY, "dev.mosaic.stock.reserved.v1", orders::onStockReserved).settledWhen(stockAnswered),
                // inventory answers a repeated reserve with the reservation's state; COMMITTED means it was reserved
                answer(INVENTORY, "dev.mosaic.stock.committed.v1", orders::onStockReserved).settledWhen(stockAnswered),
                answer(INVENTORY, "dev.mosaic.stock.rejected.v1", orders::onStockRejected),
                answer(PAYMENTS, "dev.mosaic.payment.authorized.v1", orders::onPaymentAuthorized),
                answer(PAYMENTS, "dev.mosaic.payment.declined.v1", orders::onPaymentDeclined),
                on(CATALOG, "dev.mosaic.product.created.v1", ProductPriced.class, this::priced),
                on(CATALOG, "dev.mosaic.product.price-changed.v1", ProductPriced.class, this::priced));
    }

    /** An answer about one order: from here on every log line of its handling names the order. */
    private static EventHandler.Route<OrderRef> answer(String topic, String type, Consumer<String> step) {
        return on(topic, type, OrderRef.class, (OrderRef ref, CloudEvent event) -> {
            String orderId = orderId(ref, event);
            RequestContext.subject(orderId);
            step.accept(orderId);
        });
    }

    private static String orderId(OrderRef ref, CloudEvent event) {
        return ref.orderId() != null ? ref.orderId() : event.subject();
    }

    private void priced(ProductPriced fact, CloudEvent event) {
        if (fact.sku() == null || fact.price() == null || fact.price().currency() == null) {
            throw new InvalidEventException(event + " carries no sku or price");
        }
        if (fact.price().amount() <= 0) {
            // The catalog refuses such prices; one that arrives anyway must not make products orderable that
            // payments would refuse to charge.
            throw new InvalidEventException(event + " carries a price of " + fact.price().amount()
                    + "; prices must be greater than 0");
        }
        OffsetDateTime asOf = event.time() != null ? event.time() : OffsetDateTime.now(ZoneOffset.UTC);
        replica.apply(fact.sku(), fact.price(), asOf);
    }
}
