package dev.mosaic.platform.auth;

/**
 * The token was refused: malformed, unsigned, signed with another key or algorithm, expired, not yet valid, for
 * another issuer or audience. The message says which, in words fit for the caller (it never contains the token).
 */
public final class InvalidTokenException extends Exception {

    public InvalidTokenException(String message) {
        super(message);
    }
}
