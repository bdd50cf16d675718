package dev.mosaic.platform.events;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.mosaic.platform.web.Access;
import dev.mosaic.platform.web.Callers;
import dev.mosaic.platform.web.DatabaseOutage;
import dev.mosaic.platform.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The push delivery adapter: binary-mode CloudEvents over HTTP ({@code ce-*} headers), as Knative Eventing
 * delivers them. Answers 202 once handled (or known duplicate / not of interest), 400 for a message that can
 * never be handled (the sender should dead-letter it), 503 with {@code Retry-After} while the service's database
 * is unreachable, 500 when the handler failed (the sender should retry either).
 * <p>
 * Served only with {@code mosaic.events.delivery=push} ({@link PushDeliveryGate} answers 404 otherwise). Every
 * delivery carries the sender's token (Knative Eventing's OIDC sender identity, audience = this service), and its
 * workload must be one configured for the topic it delivers: {@code mosaic.events.push.senders.<topic>} (a
 * comma-separated list of token subjects, {@code system:serviceaccount:<namespace>:<account>}, or account names).
 * The event's type must then be owned by that topic, exactly as for poll delivery. A token from anyone else gets
 * 403 and changes nothing.
 */
@Path("/events")
@ApplicationScoped
@Access(workloads = Access.ANY_WORKLOAD)
public class EventsResource {

    private static final Logger LOG = Logger.getLogger(EventsResource.class.getName());

    private static final int RETRY_AFTER_SECONDS = 5;

    private final EventDispatcher dispatcher;
    /** Sender workload to the topic it delivers. */
    private final Map<String, String> senders = new HashMap<>();

    @Inject
    public EventsResource(EventDispatcher dispatcher, Config config,
                          @ConfigProperty(name = "mosaic.events.topics") Optional<String> topics) {
        this.dispatcher = dispatcher;
        for (String topic : topics.orElse("").split(",")) {
            if (topic.isBlank()) {
                continue;
            }
            String key = SENDERS + topic.strip();
            for (String sender : config.getOptionalValue(key, String.class).orElse("").split(",")) {
                if (!sender.isBlank()) {
                    String previous = senders.put(Callers.workloadName(sender), topic.strip());
                    if (previous != null && !previous.equals(topic.strip())) {
                        throw new IllegalStateException(sender.strip() + " is configured as the sender of both " + previous
                                + " and " + topic.strip() + " (" + SENDERS + "*): one sender must deliver one topic");
                    }
                }
            }
        }
    }

    static final String SENDERS = "mosaic.events.push.senders.";

    /** The outcome reported to the sender. */
    public record Delivery(String id, String type, String outcome) {
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response receive(@Context ContainerRequestContext request, @Context HttpHeaders headers, byte[] body) {
        String sender = Callers.workload(request).orElseThrow(() -> ProblemException.unauthenticated(
                "Pushed events need the sender's workload token (Knative Eventing's OIDC sender identity)"));
        String topic = senders.get(sender);
        if (topic == null) {
            LOG.warning("Refused an event pushed by workload '" + sender + "': it is not a configured sender ("
                    + SENDERS + "<topic>)");
            throw ProblemException.forbidden("Workload '" + sender + "' is not a sender of events to this service");
        }
        CloudEvent event;
        try {
            event = fromHeaders(headers.getRequestHeaders(), body);
        } catch (InvalidEventException e) {
            throw new ProblemException(400, "invalid-event", "Not a CloudEvent", e.getMessage());
        }
        try {
            EventDispatcher.Outcome outcome = dispatcher.dispatch(event, topic);
            return Response.accepted(new Delivery(event.id(), event.type(), outcome.name())).build();
        } catch (ForeignEventException e) {
            LOG.warning("Refused a pushed event: " + e.getMessage());
            throw ProblemException.forbidden(e.getMessage());
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
