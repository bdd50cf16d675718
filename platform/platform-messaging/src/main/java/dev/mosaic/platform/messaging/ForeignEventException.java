package dev.mosaic.platform.messaging;

/**
 * An event of a type that the topic it came from does not own: not sent by the type's owner (topic write access is
 * per service), so it is refused, changes nothing, and goes where invalid events go (dead letters, 403 when pushed).
 */
public class ForeignEventException extends InvalidEventException {

    public ForeignEventException(String message) {
        super(message);
    }
}
