package dev.mosaic.platform.messaging;

/**
 * A message that can never be handled, however often it is retried: not a CloudEvent, or a payload that
 * does not match its type. It goes to the dead letters at once.
 */
public class InvalidEventException extends RuntimeException {

    public InvalidEventException(String message) {
        super(message);
    }

    public InvalidEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
