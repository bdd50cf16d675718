package dev.mosaic.payments.messaging;

import static dev.mosaic.platform.messaging.EventHandler.on;

import java.util.List;

import dev.mosaic.payments.domain.PaymentService;
import dev.mosaic.payments.messaging.PaymentCommands.Authorize;
import dev.mosaic.payments.messaging.PaymentCommands.Refund;
import dev.mosaic.platform.messaging.EventHandler;
import dev.mosaic.platform.messaging.EventSubscriptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** What payments does with the commands it consumes: each one call into {@link PaymentService}. */
@ApplicationScoped
public class PaymentsEvents implements EventSubscriptions {

    private final PaymentService payments;

    @Inject
    public PaymentsEvents(PaymentService payments) {
        this.payments = payments;
    }

    @Override
    public List<EventHandler<?>> handlers() {
        return List.of(
                on(PaymentCommands.TOPIC, Authorize.TYPE, Authorize.class, command -> payments.authorize(command.toCommand())),
                on(PaymentCommands.TOPIC, Refund.TYPE, Refund.class, command -> payments.refund(command.toCommand())));
    }
}
