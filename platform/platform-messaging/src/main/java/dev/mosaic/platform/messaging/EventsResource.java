package dev.mosaic.platform.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
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
import dev.mosaic.platform.core.DatabaseOutage;
import dev.mosaic.platform.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
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
 * <p>
 * <b>Dead letters come back through the same door.</b> An event Knative gave up on (after its retries, or at once
 * for a 400) goes to {@code <topic>.dlq}, with the failed destination, status and answer in the extensions
 * {@code knativeerrordest}, {@code knativeerrorcode} and {@code knativeerrordata}. A second KafkaSource pushes that
 * topic back here, as the sender configured for {@code mosaic.events.push.senders.<topic>.dlq}; such a delivery is
 * kept in the dead-letter store (listed on the operations page, redriven through the handler like any dead letter),
 * not handled. The topic is shared by every consumer of {@code <topic>}, so a letter whose destination is another
 * service is acknowledged and left alone; one kept already (a redelivery) changes nothing.
 */
@Path("/events")
@ApplicationScoped
@Access(workloads = Access.ANY_WORKLOAD)
public class EventsResource {

    private static final Logger LOG = Logger.getLogger(EventsResource.class.getName());

    private static final int RETRY_AFTER_SECONDS = 5;

    private final EventDispatcher dispatcher;
    private final Event<DeadLetter> deadLetters;
    private final String self;
    /** Sender workload to the topic it delivers ({@code <topic>.dlq} for the sender of dead letters). */
    private final Map<String, String> senders = new HashMap<>();

    @Inject
    public EventsResource(EventDispatcher dispatcher, Event<DeadLetter> deadLetters, Config config,
                          @ConfigProperty(name = "mosaic.service.name") String self,
                          @ConfigProperty(name = "mosaic.events.topics") Optional<String> topics) {
        this.dispatcher = dispatcher;
        this.deadLetters = deadLetters;
        this.self = self;
        for (String topic : topics.orElse("").split(",")) {
            if (!topic.isBlank()) {
                addSenders(config, topic.strip());
                addSenders(config, DeadLetter.dlqTopic(topic.strip()));
            }
        }
    }

    private void addSenders(Config config, String topic) {
        for (String sender : config.getOptionalValue(SENDERS + topic, String.class).orElse("").split(",")) {
            if (!sender.isBlank()) {
                String previous = senders.put(Callers.workloadName(sender), topic);
                if (previous != null && !previous.equals(topic)) {
                    throw new IllegalStateException(sender.strip() + " is configured as the sender of both " + previous
                            + " and " + topic + " (" + SENDERS + "*): one sender must deliver one topic");
                }
            }
        }
    }

    static final String SENDERS = "mosaic.events.push.senders.";

    /** Extensions Knative Eventing adds to an event it sends to a dead-letter sink. */
    static final String ERROR_DEST = "knativeerrordest";
    static final String ERROR_CODE = "knativeerrorcode";
    static final String ERROR_DATA = "knativeerrordata";

    /** Outcomes of a delivery from {@code <topic>.dlq} (the others are {@link EventDispatcher.Outcome}'s). */
    static final String KEPT = "DEAD_LETTER_KEPT";
    static final String FOR_ANOTHER_SERVICE = "DEAD_LETTER_OF_ANOTHER_SERVICE";
    static final String NOT_FROM_PUSH = "NOT_A_PUSH_DEAD_LETTER";

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
            if (topic.endsWith(DeadLetter.dlqTopic(""))) {
                return Response.accepted(new Delivery(event.id(), event.type(), keep(event, topic, body))).build();
            }
            EventDispatcher.Outcome outcome = dispatcher.dispatch(event, topic);
            return Response.accepted(new Delivery(event.id(), event.type(), outcome.name())).build();
        } catch (ForeignEventException e) {
            LOG.warning("Refused a pushed event: " + e.getMessage());
            throw ProblemException.forbidden(e.getMessage());
        } catch (InvalidEventException e) {
            throw new ProblemException(400, "invalid-event", "Event cannot be handled", e.getMessage());
        } catch (RuntimeException e) {
            if (DatabaseOutage.isCause(e)) {
                LOG.warning("Pushed " + event + " not handled: " + DatabaseOutage.what(e) + " (" + DatabaseOutage.describe(e)
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

    /**
     * Keeps a dead letter Knative wrote to {@code dlqTopic} for this service, under the topic it came from and
     * without Knative's error extensions (so a redrive hands the handler the event as first delivered). The store
     * keeps one letter per topic and event id.
     */
    private String keep(CloudEvent letter, String dlqTopic, byte[] body) {
        String destination = letter.extensions().get(ERROR_DEST);
        if (destination == null) {
            LOG.fine(() -> "Left " + letter + " on " + dlqTopic + " alone: it has no " + ERROR_DEST
                    + ", so it is no dead letter of a push delivery (a polling consumer keeps its own)");
            return NOT_FROM_PUSH;
        }
        if (!self.equals(serviceOf(destination))) {
            return FOR_ANOTHER_SERVICE;
        }
        String topic = dlqTopic.substring(0, dlqTopic.length() - DeadLetter.dlqTopic("").length());
        Map<String, String> extensions = new LinkedHashMap<>(letter.extensions());
        String code = extensions.remove(ERROR_CODE);
        String answer = decode(extensions.remove(ERROR_DATA));
        extensions.remove(ERROR_DEST);
        CloudEvent event = new CloudEvent(letter.id(), letter.source(), letter.type(), letter.subject(), letter.time(),
                letter.dataContentType(), letter.data(), extensions);
        String error = "Knative Eventing gave up delivering it to " + destination
                + (code == null ? " (no answer)" : " (last answer: HTTP " + code + (answer.isEmpty() ? "" : " " + answer) + ")");
        deadLetters.fire(new DeadLetter(topic, -1, -1, letter.subject(), event, body, error,
                code == null ? "push-delivery-no-answer" : "push-delivery-http-" + code, 0, Instant.now()));
        LOG.warning(() -> "Dead letter " + event + " of " + topic + " is in the dead-letter store: " + error
                + ". Fix the cause, then redrive it via POST /admin/dead-letters/{id}/redrive");
        return KEPT;
    }

    /** The Knative Service an address names: the first label of its host ({@code orders.mosaic.svc.cluster.local}). */
    static String serviceOf(String destination) {
        String host = destination.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "");
        int end = 0;
        while (end < host.length() && ".:/".indexOf(host.charAt(end)) < 0) {
            end++;
        }
        return host.substring(0, end);
    }

    /** Knative's {@code knativeerrordata}: the destination's answer, base64-encoded (kept as sent when it is not). */
    static String decode(String data) {
        if (data == null || data.isBlank()) {
            return "";
        }
        try {
            return new String(Base64.getDecoder().decode(data.strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return data;
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
