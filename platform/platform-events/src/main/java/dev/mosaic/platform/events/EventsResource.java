package dev.mosaic.platform.events;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.mosaic.platform.web.DatabaseOutage;
import dev.mosaic.platform.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The push delivery adapter: binary-mode CloudEvents over HTTP ({@code ce-*} headers), as Knative Eventing
 * delivers them. Answers 202 once handled (or known duplicate / not of interest), 400 for a message that can
 * never be handled (the sender should dead-letter it), 503 with {@code Retry-After} while the service's database
 * is unreachable, 500 when the handler failed (the sender should retry either).
 */
@Path("/events")
@ApplicationScoped
public class EventsResource {

    private static final Logger LOG = Logger.getLogger(EventsResource.class.getName());

    private static final int RETRY_AFTER_SECONDS = 5;

    private final EventDispatcher dispatcher;

    @Inject
    public EventsResource(EventDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    /** The outcome reported to the sender. */
    public record Delivery(String id, String type, String outcome) {
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response receive(@Context HttpHeaders headers, byte[] body) {
        CloudEvent event;
        try {
            event = fromHeaders(headers.getRequestHeaders(), body);
        } catch (InvalidEventException e) {
            throw new ProblemException(400, "invalid-event", "Not a CloudEvent", e.getMessage());
        }
        try {
            EventDispatcher.Outcome outcome = dispatcher.dispatch(event);
            return Response.accepted(new Delivery(event.id(), event.type(), outcome.name())).build();
        } catch (InvalidEventException e) {
            throw new ProblemException(400, "invalid-event", "Event cannot be handled", e.getMessage());
        } catch (RuntimeException e) {
            if (DatabaseOutage.isCause(e)) {
                LOG.warning("Pushed " + event + " not handled: the database is unavailable (" + DatabaseOutage.describe(e)
                        + "); answered 503, the sender redelivers it");
                throw new ProblemException(503, "database-unavailable", "Database unavailable",
                        "Handling " + event.type() + " " + event.id() + " needs this service's database, which is "
                                + "unavailable; redeliver it later", List.of(), RETRY_AFTER_SECONDS);
            }
            LOG.log(Level.WARNING, "Handler failed for pushed " + event + "; the sender will redeliver it", e);
            throw new ProblemException(500, "event-handler-failed", "Event handler failed",
                    "Handling " + event.type() + " " + event.id() + " failed; redeliver it later");
        }
    }

    static CloudEvent fromHeaders(Map<String, List<String>> headers, byte[] body) {
        Map<String, String> attributes = new LinkedHashMap<>();
        String contentType = null;
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            String value = header.getValue().isEmpty() ? null : header.getValue().getFirst();
            if (value == null) {
                continue;
            }
            if (name.startsWith("ce-")) {
                attributes.put(name.substring(3), value);
            } else if (name.equals("content-type")) {
                contentType = value;
            }
        }
        return KafkaCloudEvents.fromAttributes(attributes, contentType, body, "HTTP request");
    }
}
