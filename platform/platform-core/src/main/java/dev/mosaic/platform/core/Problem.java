package dev.mosaic.platform.core;

import java.util.List;

/**
 * An RFC 9457 problem document, the body of every error response in Mosaic, the gateway's and the services' alike.
 * {@code type} is a stable URI per kind of error; {@code requestId} is the request's id, to find its log lines;
 * {@code errors} lists field errors of a validation failure. Fields that are null are left out.
 */
public record Problem(String type, String title, int status, String detail, String instance, String requestId,
                      List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://mosaic.dev/problems/";

    public Problem {
        errors = errors == null || errors.isEmpty() ? null : List.copyOf(errors);
    }

    /** A problem of kind {@code kind} (its type is {@link #TYPE_BASE} + kind) about the work in progress: its request id. */
    public static Problem of(String kind, String title, int status, String detail, String instance,
                             List<FieldError> errors) {
        return new Problem(TYPE_BASE + kind, title, status, detail, instance,
                RequestContext.current().map(RequestContext.Ids::requestId).orElse(null), errors);
    }

    /** The document as JSON, written here so that neither the gateway nor a service needs a JSON binder for it. */
    public String toJson() {
        StringBuilder json = new StringBuilder(256).append('{');
        field(json, "type", type);
        field(json, "title", title);
        json.append("\"status\":").append(status).append(',');
        field(json, "detail", detail);
        field(json, "instance", instance);
        field(json, "requestId", requestId);
        if (errors != null) {
            json.append("\"errors\":[");
            for (FieldError error : errors) {
                json.append('{');
                field(json, "field", error.field());
                field(json, "message", error.message());
                json.setLength(json.length() - 1);
                json.append("},");
            }
            json.setLength(json.length() - 1);
            json.append("],");
        }
        json.setLength(json.length() - 1);
        return json.append('}').toString();
    }

    private static void field(StringBuilder json, String name, String value) {
        if (value != null) {
            Json.quote(json.append('"').append(name).append("\":"), value).append(',');
        }
    }
}
