package dev.mosaic.platform.messaging;

import java.time.Instant;

/**
 * A message given up on after its retries, as published to {@code <topic>.dlq} and announced as a CDI event
 * so that a store ({@link DeadLetterStore}) can keep it for listing and redrive.
 *
 * @param event the event, or null when the message was not a readable CloudEvent
 * @param rawValue the message value as received
 */
public record DeadLetter(String topic, int partition, long offset, String key, CloudEvent event, byte[] rawValue,
                         String error, String errorClass, int attempts, Instant failedAt) {

    public static String dlqTopic(String topic) {
        return topic + ".dlq";
    }
}
