package dev.mosaic.notifications.messaging;

import static dev.mosaic.platform.messaging.EventHandler.on;

import java.util.List;

import dev.mosaic.notifications.domain.NotificationService;
import dev.mosaic.notifications.domain.SourceEvent;
import dev.mosaic.notifications.messaging.Facts.OrderCancelled;
import dev.mosaic.notifications.messaging.Facts.OrderConfirmed;
import dev.mosaic.notifications.messaging.Facts.OrderPlaced;
import dev.mosaic.notifications.messaging.Facts.PaymentAuthorized;
import dev.mosaic.notifications.messaging.Facts.PaymentDeclined;
import dev.mosaic.notifications.messaging.Facts.PaymentRefunded;
import dev.mosaic.platform.messaging.CloudEvent;
import dev.mosaic.platform.messaging.EventHandler;
import dev.mosaic.platform.messaging.EventSubscriptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** What customers are told, and on which event: each one call into {@link NotificationService}. */
@ApplicationScoped
public class NotificationsEvents implements EventSubscriptions {

    private final NotificationService notifications;

    @Inject
    public NotificationsEvents(NotificationService notifications) {
        this.notifications = notifications;
    }

    @Override
    public List<EventHandler<?>> handlers() {
        return List.of(
                on(Facts.ORDERS, OrderPlaced.TYPE, OrderPlaced.class, (OrderPlaced p, CloudEvent e) -> notifications.orderPlaced(
                        origin(e), p.checked().orderId(), p.customerId(), p.items(), p.total().toMoney())),
                on(Facts.ORDERS, OrderConfirmed.TYPE, OrderConfirmed.class, (OrderConfirmed p, CloudEvent e) -> notifications
                        .orderConfirmed(origin(e), p.checked().orderId(), p.customerId(), p.total().toMoney())),
                on(Facts.ORDERS, OrderCancelled.TYPE, OrderCancelled.class, (OrderCancelled p, CloudEvent e) -> notifications
                        .orderCancelled(origin(e), p.checked().orderId(), p.customerId(), p.reason())),
                on(Facts.PAYMENTS, PaymentAuthorized.TYPE, PaymentAuthorized.class, (PaymentAuthorized p, CloudEvent e) ->
                        notifications.paymentAuthorized(origin(e), p.checked().orderId(), p.customerId(), p.amount().toMoney())),
                on(Facts.PAYMENTS, PaymentDeclined.TYPE, PaymentDeclined.class, (PaymentDeclined p, CloudEvent e) ->
                        notifications.paymentDeclined(origin(e), p.checked().orderId(), p.customerId(), p.reason())),
                on(Facts.PAYMENTS, PaymentRefunded.TYPE, PaymentRefunded.class, (PaymentRefunded p, CloudEvent e) ->
                        notifications.paymentRefunded(origin(e), p.checked().orderId(), p.customerId(), p.amount().toMoney())));
    }

    /** The event a notification comes from: what makes telling a customer twice impossible. */
    private static SourceEvent origin(CloudEvent event) {
        return new SourceEvent(event.source(), event.id(), event.type());
    }
}
