package dev.mosaic.platform.web;

import java.util.List;

import dev.mosaic.platform.core.FieldError;

/**
 * An RFC 9457 problem document, the body of every error response in Mosaic.
 * {@code type} is a stable URI per kind of error; {@code errors} lists field errors of a validation failure.
 */
public record Problem(String type, String title, int status, String detail, String instance, String requestId,
                      List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://mosaic.dev/problems/";
}
