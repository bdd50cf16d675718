package dev.mosaic.payments.domain;

/** The payment provider failed or did not answer; retrying later may succeed. */
public class ProviderUnavailableException extends RuntimeException {

    public ProviderUnavailableException(String message) {
        super(message);
    }
}
