package dev.mosaic.platform.messaging;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import dev.mosaic.platform.core.RequestContext;

/**
 * A CloudEvents 1.0 event: the envelope every Mosaic event and command travels in, on Kafka and over HTTP.
 * {@code data} is the JSON payload; {@code subject} is the id of the entity the event is about (an order, a SKU),
 * doubles as the Kafka record key (so one entity's events stay in order) and becomes the consumer's
 * {@link RequestContext} subject, so its log lines join the producer's. Extensions carry {@code correlationid}
 * (the request id) and {@code traceparent}.
 */
public record CloudEvent(String id, String source, String type, String subject, OffsetDateTime time,
                         String dataContentType, byte[] data, Map<String, String> extensions) {

    public static final String SPEC_VERSION = "1.0";
    public static final String CORRELATION_ID = "correlationid";
    public static final String TRACEPARENT = "traceparent";

    public CloudEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        extensions = Map.copyOf(extensions == null ? Map.of() : extensions);
        data = data == null ? new byte[0] : data;
    }

    /**
     * A new event with a fresh id and the current time, carrying the correlation ids of the work
     * in progress (or new ones when there is none).
     */
    public static CloudEvent create(String source, String type, String subject, String jsonData) {
        Map<String, String> ext = new LinkedHashMap<>();
        RequestContext.Ids ids = RequestContext.current().orElseGet(RequestContext::newIds);
        ext.put(CORRELATION_ID, ids.requestId());
        ext.put(TRACEPARENT, ids.traceparent());
        return new CloudEvent(UUID.randomUUID().toString(), source, type, subject,
                OffsetDateTime.now(ZoneOffset.UTC), "application/json",
                jsonData.getBytes(StandardCharsets.UTF_8), ext);
    }

    /** The same event with extension {@code name} set to {@code value} (e.g. the traceparent of the span sending it). */
    public CloudEvent withExtension(String name, String value) {
        Map<String, String> ext = new LinkedHashMap<>(extensions);
        ext.put(name, value);
        return new CloudEvent(id, source, type, subject, time, dataContentType, data, ext);
    }

    public String dataAsString() {
        return new String(data, StandardCharsets.UTF_8);
    }

    /**
     * The correlation context the event carries, to continue the same story in the consumer's logs: a new span
     * in the producer's trace, with its request id, about the event's subject. Not made current; use
     * {@link RequestContext#runWith}.
     */
    public RequestContext.Ids continueContext() {
        return RequestContext.continueFrom(extensions.get(CORRELATION_ID), extensions.get(TRACEPARENT))
                .withSubject(subject);
    }

    @Override
    public String toString() {
        return "CloudEvent[type=" + type + ", id=" + id + ", source=" + source + ", subject=" + subject + "]";
    }
}
