package dev.mosaic.platform.auth;

/**
 * The token could not be checked because the keys could not be read (identity provider unreachable, JWKS file
 * missing): the caller's token may well be fine, so this is the server's failure (503), not the caller's (401).
 */
public final class KeysUnavailableException extends Exception {

    public KeysUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
