package dev.mosaic.platform.core;

/** One invalid field of a request or command: which one (a JSON path such as {@code lines[2].quantity}) and why. */
public record FieldError(String field, String message) {
}
