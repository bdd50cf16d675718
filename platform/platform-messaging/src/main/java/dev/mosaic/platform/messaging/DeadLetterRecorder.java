package dev.mosaic.platform.messaging;

import dev.mosaic.platform.messaging.DeadLetter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** Stores every dead letter the consumer runner announces (through the store's proxy, so in its own transaction). */
@ApplicationScoped
public class DeadLetterRecorder {

    private final DeadLetterStore store;

    @Inject
    public DeadLetterRecorder(DeadLetterStore store) {
        this.store = store;
    }

    void onDeadLetter(@Observes DeadLetter letter) {
        store.insert(letter);
    }
}
