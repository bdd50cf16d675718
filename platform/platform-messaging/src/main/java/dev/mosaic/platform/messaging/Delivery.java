package dev.mosaic.platform.messaging;

import java.util.Arrays;
import java.util.Locale;

/**
 * How events reach this service ({@code mosaic.events.delivery}): {@code poll} (a Kafka consumer; the default, and
 * what {@code ./mosaic up} runs), {@code push} (Knative Eventing posts them to {@code /events}; the consumer is off),
 * or {@code poll,push} (both adapters, e.g. while moving from one to the other; they share the inbox, so an event
 * delivered both ways is handled once).
 */
final class Delivery {

    private Delivery() {
    }

    static boolean polls(String delivery) {
        return has(delivery, "poll");
    }

    static boolean pushes(String delivery) {
        return has(delivery, "push");
    }

    private static boolean has(String delivery, String mode) {
        return Arrays.stream(delivery.split(",")).map(m -> m.strip().toLowerCase(Locale.ROOT)).anyMatch(mode::equals);
    }
}
