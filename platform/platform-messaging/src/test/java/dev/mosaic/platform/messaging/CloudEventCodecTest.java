package dev.mosaic.platform.messaging;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import dev.mosaic.platform.core.RequestContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Binary-mode CloudEvents on Kafka headers and HTTP headers decode to the same event. */
class CloudEventCodecTest {

    @AfterEach
    void clear() {
        RequestContext.clear();
    }

    @Test
    void kafkaRecordCarriesEveryAttributeInCeHeadersAndTheSubjectAsKey() {
        RequestContext.begin("req-7", null);
        CloudEvent event = CloudEvent.create("/mosaic/catalog", "dev.mosaic.product.created.v1", "SKU-1", "{\"sku\":\"SKU-1\"}");

        ProducerRecord<String, byte[]> record = KafkaCloudEvents.toRecord("catalog.events", event);

        assertThat(record.key()).isEqualTo("SKU-1");
        assertThat(header(record.headers().lastHeader("ce_specversion"))).isEqualTo("1.0");
        assertThat(header(record.headers().lastHeader("ce_type"))).isEqualTo("dev.mosaic.product.created.v1");
        assertThat(header(record.headers().lastHeader("ce_correlationid"))).isEqualTo("req-7");
        assertThat(header(record.headers().lastHeader("content-type"))).isEqualTo("application/json");
        CloudEvent back = KafkaCloudEvents.fromRecord(new ConsumerRecord<>("catalog.events", 0, 0L, 0L, TimestampType.CREATE_TIME,
                0, 0, record.key(), record.value(), new RecordHeaders(record.headers().toArray()), java.util.Optional.empty()));
        assertThat(back.id()).isEqualTo(event.id());
        assertThat(back.time()).isEqualTo(event.time());
        assertThat(back.extensions()).isEqualTo(event.extensions());
        assertThat(back.dataAsString()).isEqualTo("{\"sku\":\"SKU-1\"}");
    }

    @Test
    void theConsumerContinuesTheProducersTraceRequestAndSubjectInANewSpan() {
        var producer = RequestContext.begin("req-8", null);
        RequestContext.subject("order-8");
        CloudEvent event = CloudEvent.create("/mosaic/orders", "dev.mosaic.order.placed.v1", "order-8", "{}");
        ProducerRecord<String, byte[]> record = KafkaCloudEvents.toRecord("orders.events", event);
        RequestContext.clear();

        assertThat(header(record.headers().lastHeader("ce_subject"))).isEqualTo("order-8");
        assertThat(header(record.headers().lastHeader("ce_traceparent")))
                .isEqualTo("00-" + producer.traceId() + "-" + producer.spanId() + "-01");
        CloudEvent polled = KafkaCloudEvents.fromRecord(new ConsumerRecord<>("orders.events", 0, 0L, 0L,
                TimestampType.CREATE_TIME, 0, 0, record.key(), record.value(),
                new RecordHeaders(record.headers().toArray()), java.util.Optional.empty()));
        CloudEvent pushed = EventsResource.fromHeaders(Map.of("ce-id", List.of(event.id()), "ce-source", List.of("/mosaic/orders"),
                "ce-type", List.of(event.type()), "ce-specversion", List.of("1.0"),
                "ce-correlationid", List.of("req-8"), "ce-traceparent", List.of(producer.traceparent()),
                "ce-subject", List.of("order-8")), "{}".getBytes(StandardCharsets.UTF_8));
        for (CloudEvent delivered : List.of(polled, pushed)) {
            RequestContext.Ids consumer = delivered.continueContext();
            assertThat(consumer.requestId()).isEqualTo("req-8");
            assertThat(consumer.traceId()).isEqualTo(producer.traceId());
            assertThat(consumer.spanId()).hasSize(16).isNotEqualTo(producer.spanId());
            assertThat(consumer.subject()).isEqualTo("order-8");
        }
        assertThat(RequestContext.current()).as("continuing a context does not install it").isEmpty();
    }

    @Test
    void theEnvelopeCarriesNoBusinessKeyButItsSubject() {
        RequestContext.begin("req-9", null);
        RequestContext.subject("order-9");

        CloudEvent event = CloudEvent.create("/mosaic/catalog", "dev.mosaic.product.created.v1", "SKU-1", "{}");

        assertThat(event.extensions()).containsOnlyKeys("correlationid", "traceparent");
        assertThat(event.continueContext().subject()).as("the event's own subject, not the producer's").isEqualTo("SKU-1");
    }

    @Test
    void theConsumersSubjectComesFromTheSubjectAttributeAloneNeverFromThePayload() {
        CloudEvent aboutNothing = new CloudEvent("e-2", "/elsewhere", "dev.mosaic.payment.authorized.v1", null, null,
                "application/json", "{\"orderId\":\"order-10\"}".getBytes(StandardCharsets.UTF_8), Map.of());
        CloudEvent smuggling = new CloudEvent("e-3", "/x", "t", "x\n{\"level\":\"ERROR\"}", null, null, new byte[0], Map.of());

        assertThat(aboutNothing.continueContext().subject()).isNull();
        assertThat(smuggling.continueContext().subject()).as("not a plausible id: kept out of log lines").isNull();
    }

    @Test
    void httpHeadersDecodeToTheSameEventCaseInsensitively() {
        CloudEvent event = EventsResource.fromHeaders(Map.of(
                "Ce-Id", List.of("e-1"), "ce-source", List.of("/x"), "CE-TYPE", List.of("t.v1"),
                "ce-specversion", List.of("1.0"), "ce-subject", List.of("k"), "ce-correlationid", List.of("r-1"),
                "Content-Type", List.of("application/json")), "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(event.id()).isEqualTo("e-1");
        assertThat(event.type()).isEqualTo("t.v1");
        assertThat(event.subject()).isEqualTo("k");
        assertThat(event.extensions()).containsEntry("correlationid", "r-1");
    }

    @Test
    void messagesThatAreNotCloudEvents10AreRejectedWithTheReason() {
        assertThatThrownBy(() -> EventsResource.fromHeaders(Map.of("ce-id", List.of("1")), new byte[0]))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("needs specversion, id, source and type");
        assertThatThrownBy(() -> EventsResource.fromHeaders(Map.of("ce-id", List.of("1"), "ce-source", List.of("s"),
                "ce-type", List.of("t"), "ce-specversion", List.of("0.3")), new byte[0]))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("only 1.0");
    }

    private static String header(Header h) {
        return new String(h.value(), StandardCharsets.UTF_8);
    }
}
