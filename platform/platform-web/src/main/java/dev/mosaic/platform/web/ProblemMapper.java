package dev.mosaic.platform.web;

import dev.mosaic.platform.core.DatabaseOutage;
import dev.mosaic.platform.core.DomainException;
import dev.mosaic.platform.core.Problem;
import java.util.logging.Level;
import java.util.regex.Pattern;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.bind.JsonbException;
import jakarta.json.stream.JsonParsingException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.NoContentException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * The one mapping from exceptions to {@code application/problem+json} for the whole system.
 * Clients get a stable type, a title and a detail they can act on; never a stack trace.
 */
@Provider
@ApplicationScoped
public class ProblemMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class.getName());
    private static final Pattern UNKNOWN_PROPERTY = Pattern.compile("Json property (\\S+) can not be mapped");

    @Context
    UriInfo uriInfo;

    @Override
    public Response toResponse(Throwable error) {
        if (error instanceof NotFoundException && noResourceMatched()) {
            // Let the web server try its other routes (health, metrics, openapi); if none takes the request,
            // UnmatchedRouteProblem answers the 404 problem.
            return Response.status(404).build();
        }
        ProblemException problem = classify(error);
        if (problem.status() >= 500 && !(error instanceof ProblemException)) {
            if (DatabaseOutage.isCause(error)) {
                LOG.warning("Request to " + path() + " answered 503: " + DatabaseOutage.what(error) + " ("
                        + DatabaseOutage.describe(error) + "); " + DatabaseOutage.whatToCheck(error));
            } else {
                LOG.log(Level.SEVERE, "Request to " + path() + " failed unexpectedly: " + error, error);
            }
        }
        return toResponse(problem, path());
    }

    /** Builds the response for {@code problem}; also used by code that answers errors without throwing. */
    public static Response toResponse(ProblemException problem, String instance) {
        Problem body = Problem.of(problem.kind(), problem.title(), problem.status(), problem.getMessage(), instance,
                problem.errors());
        Response.ResponseBuilder builder = Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(body.toJson());
        if (problem.retryAfterSeconds() != null) {
            builder.header("Retry-After", problem.retryAfterSeconds());
        }
        if (problem.status() == 401) {
            builder.header("WWW-Authenticate", "Bearer realm=\"mosaic\"");
        }
        return builder.build();
    }

    static ProblemException classify(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ProblemException p) {
                return p;
            }
            if (t instanceof DomainException refusal) {
                return ProblemException.from(refusal);
            }
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof NoContentException) {
                return ProblemException.invalid("body", "is required (send a JSON object)");
            }
        }
        String unknown = unknownProperty(error);
        if (unknown != null) {
            return ProblemException.invalid(unknown, "is not a field of this request; check its spelling");
        }
        if (isMalformedJson(error)) {
            return new ProblemException(400, "malformed-request", "Malformed request body",
                    "The body is not valid JSON for this request: " + firstLine(rootMessage(error)));
        }
        if (error instanceof CircuitBreakerOpenException || error instanceof BulkheadException
                || error instanceof TimeoutException) {
            return ProblemException.unavailable("A service this request depends on is unavailable or overloaded ("
                    + error.getClass().getSimpleName() + "); retry shortly", 2);
        }
        if (error instanceof WebApplicationException wae) {
            return fromStatus(wae.getResponse().getStatus(), wae);
        }
        if (DatabaseOutage.isPoolExhausted(error)) {
            return ProblemException.unavailable("This service is overloaded (no database connection became free in "
                    + "time); retry shortly", 2);
        }
        if (DatabaseOutage.isCause(error)) {
            return ProblemException.unavailable("This service's database is unavailable; retry shortly", 2);
        }
        return new ProblemException(500, "internal", "Internal error",
                "The server failed to process the request; it has been logged with this request id");
    }

    private static ProblemException fromStatus(int status, WebApplicationException wae) {
        return switch (status) {
            case 400 -> new ProblemException(400, "bad-request", "Bad request", firstLine(wae.getMessage()));
            case 404 -> new ProblemException(404, "not-found", "Not found", "No resource at this path");
            case 405 -> new ProblemException(405, "method-not-allowed", "Method not allowed",
                    "This resource does not support that HTTP method");
            case 406 -> new ProblemException(406, "not-acceptable", "Not acceptable",
                    "This resource answers application/json only");
            case 413 -> new ProblemException(413, "payload-too-large", "Payload too large",
                    "The request body is too large");
            case 415 -> new ProblemException(415, "unsupported-media-type", "Unsupported media type",
                    "Send the body as application/json");
            default -> new ProblemException(status, status >= 500 ? "internal" : "http-" + status,
                    status >= 500 ? "Internal error" : "Request failed", firstLine(wae.getMessage()));
        };
    }

    /** The JSON property the binder refused as unknown while reading the request body, if that is what failed. */
    private static String unknownProperty(Throwable error) {
        for (Throwable t = requestBodyFailure(error); t != null; t = t.getCause()) {
            if (t instanceof JsonbException && t.getMessage() != null) {
                var m = UNKNOWN_PROPERTY.matcher(t.getMessage());
                if (m.find()) {
                    return m.group(1);
                }
            }
        }
        return null;
    }

    /**
     * Whether the request body could not be bound. Only a binding failure that JAX-RS reports while reading the
     * entity (a ProcessingException around it) is the client's; the server failing to write JSON is a 500.
     */
    private static boolean isMalformedJson(Throwable error) {
        for (Throwable t = requestBodyFailure(error); t != null; t = t.getCause()) {
            if (t instanceof JsonbException || t instanceof JsonParsingException) {
                return true;
            }
        }
        return false;
    }

    private static Throwable requestBodyFailure(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ProcessingException) {
                return t.getCause();
            }
        }
        return null;
    }

    private static String rootMessage(Throwable error) {
        String message = error.getMessage();
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return message == null ? "" : message;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        String line = message.lines().findFirst().orElse("").strip();
        // Parser messages can quote class names of the server; keep them short and free of package names.
        line = line.replaceAll("(?:[a-z_][a-z0-9_]*\\.)+([A-Z][A-Za-z0-9_$]*)", "$1");
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }

    private boolean noResourceMatched() {
        try {
            return uriInfo == null || uriInfo.getMatchedResources().isEmpty();
        } catch (RuntimeException e) {
            return true;
        }
    }

    private String path() {
        try {
            return uriInfo == null ? null : "/" + uriInfo.getPath().replaceFirst("^/", "");
        } catch (RuntimeException e) {
            return null;
        }
    }

}
