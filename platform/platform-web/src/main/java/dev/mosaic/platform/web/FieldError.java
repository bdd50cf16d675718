package dev.mosaic.platform.web;

/** One invalid field of a request: which one (a JSON path such as {@code lines[2].quantity}) and why. */
public record FieldError(String field, String message) {
}
