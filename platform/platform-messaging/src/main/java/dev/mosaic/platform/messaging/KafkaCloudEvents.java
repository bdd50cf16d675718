package dev.mosaic.platform.messaging;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** CloudEvents Kafka protocol binding, binary mode: attributes in {@code ce_*} headers, data as the value. */
public final class KafkaCloudEvents {

    static final String PREFIX = "ce_";
    static final String CONTENT_TYPE = "content-type";

    private KafkaCloudEvents() {
    }

    public static ProducerRecord<String, byte[]> toRecord(String topic, CloudEvent event) {
        Headers headers = new RecordHeaders();
        put(headers, "ce_specversion", CloudEvent.SPEC_VERSION);
        put(headers, "ce_id", event.id());
        put(headers, "ce_source", event.source());
        put(headers, "ce_type", event.type());
        if (event.subject() != null) {
            put(headers, "ce_subject", event.subject());
        }
        if (event.time() != null) {
            put(headers, "ce_time", event.time().toString());
        }
        if (event.dataContentType() != null) {
            put(headers, CONTENT_TYPE, event.dataContentType());
        }
        event.extensions().forEach((name, value) -> put(headers, PREFIX + name, value));
        return new ProducerRecord<>(topic, null, event.subject(), event.data(), headers);
    }

    public static CloudEvent fromRecord(ConsumerRecord<String, byte[]> record) {
        Map<String, String> attributes = new LinkedHashMap<>();
        String contentType = null;
        for (Header header : record.headers()) {
            String key = header.key();
            if (key.startsWith(PREFIX) && header.value() != null) {
                attributes.put(key.substring(PREFIX.length()), new String(header.value(), StandardCharsets.UTF_8));
            } else if (key.equalsIgnoreCase(CONTENT_TYPE) && header.value() != null) {
                contentType = new String(header.value(), StandardCharsets.UTF_8);
            }
        }
        return fromAttributes(attributes, contentType, record.value(),
                "record " + record.topic() + "-" + record.partition() + "@" + record.offset());
    }

    /** Builds an event from binary-mode attributes (names without prefix), shared by the Kafka and HTTP codecs. */
    static CloudEvent fromAttributes(Map<String, String> attributes, String contentType, byte[] data, String where) {
        Map<String, String> attrs = new LinkedHashMap<>(attributes);
        String specVersion = attrs.remove("specversion");
        String id = attrs.remove("id");
        String source = attrs.remove("source");
        String type = attrs.remove("type");
        if (specVersion == null || id == null || source == null || type == null) {
            throw new InvalidEventException(where + " is not a binary-mode CloudEvent: it needs specversion, id, "
                    + "source and type; it has " + attributes.keySet());
        }
        if (!CloudEvent.SPEC_VERSION.equals(specVersion)) {
            throw new InvalidEventException(where + " has CloudEvents specversion " + specVersion + "; only 1.0 is read");
        }
        String subject = attrs.remove("subject");
        String timeText = attrs.remove("time");
        attrs.remove("datacontenttype");
        OffsetDateTime time = null;
        if (timeText != null) {
            try {
                time = OffsetDateTime.parse(timeText);
            } catch (DateTimeParseException e) {
                throw new InvalidEventException(where + " has an invalid time '" + timeText + "'", e);
            }
        }
        return new CloudEvent(id, source, type, subject, time, contentType, data, attrs);
    }

    private static void put(Headers headers, String key, String value) {
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
