package dev.mosaic.platform.messaging;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import dev.mosaic.platform.core.RequestContext;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.stream.JsonParser;

/**
 * A CloudEvents 1.0 event: the envelope every Mosaic event and command travels in, on Kafka and over HTTP.
 * {@code data} is the JSON payload; {@code subject} is the aggregate id and doubles as the Kafka record key.
 * Extensions carry {@code correlationid} (the request id), {@code traceparent} and, when the event concerns an
 * order, {@code orderid} (CloudEvents extension names are lowercase letters and digits), so a consumer's log lines
 * join the producer's.
 */
public record CloudEvent(String id, String source, String type, String subject, OffsetDateTime time,
                         String dataContentType, byte[] data, Map<String, String> extensions) {

    public static final String SPEC_VERSION = "1.0";
    public static final String CORRELATION_ID = "correlationid";
    public static final String TRACEPARENT = "traceparent";
    public static final String ORDER_ID = "orderid";

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
        if (ids.orderId() != null) {
            ext.put(ORDER_ID, ids.orderId());
        }
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
     * in the producer's trace, with its request id and order id. The order id comes from the {@code orderid}
     * extension or, for a producer that does not set it, from a top-level {@code orderId} field of the data.
     * Not made current; use {@link RequestContext#runWith}.
     */
    public RequestContext.Ids continueContext() {
        String orderId = extensions.get(ORDER_ID);
        return RequestContext.continueFrom(extensions.get(CORRELATION_ID), extensions.get(TRACEPARENT))
                .withOrderId(orderId != null ? orderId : topLevelOrderId());
    }

    private String topLevelOrderId() {
        if (data.length == 0) {
            return null;
        }
        try (JsonParser parser = Json.createParser(new ByteArrayInputStream(data))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                return null;
            }
            while (parser.hasNext()) {
                JsonParser.Event next = parser.next();
                if (next == JsonParser.Event.END_OBJECT) {
                    return null;
                }
                if (next == JsonParser.Event.KEY_NAME && parser.getString().equals("orderId")) {
                    return parser.next() == JsonParser.Event.VALUE_STRING ? parser.getString() : null;
                }
                if (next == JsonParser.Event.START_OBJECT) {
                    parser.skipObject();
                } else if (next == JsonParser.Event.START_ARRAY) {
                    parser.skipArray();
                }
            }
            return null;
        } catch (JsonException | IllegalStateException e) {
            // Not JSON, or not an object: the handler's decoding reports that; logs just go without the order.
            return null;
        }
    }

    @Override
    public String toString() {
        return "CloudEvent[type=" + type + ", id=" + id + ", source=" + source + ", subject=" + subject + "]";
    }
}
