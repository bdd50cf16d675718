package dev.mosaic.platform.service;

import java.io.StringReader;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.mosaic.platform.messaging.OutboxRelay;
import dev.mosaic.platform.messaging.OutboxStore;
import dev.mosaic.testing.ServiceInfra;
import dev.mosaic.testing.ServicePort;
import dev.mosaic.testing.TestKafka;
import dev.mosaic.testing.TestTokens;
import dev.mosaic.testing.TopicProbe;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.json.Json;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.transaction.TransactionManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code POST /admin/outbox/flush} over HTTP. The relay's sweep is set to an hour here, so a row nobody woke the
 * relay for (what a crash, or a scale-down before the broker answered, leaves) is published only by the flush.
 */
@ExtendWith(ServiceInfra.class)
@HelidonTest
@AddConfig(key = "mosaic.outbox.sweep-interval-ms", value = "3600000")
@AddConfig(key = "mosaic.outbox.flush.senders", value = "ledger-outbox-flush")
class OutboxFlushIT {

    private static TopicProbe probe;

    @Inject
    OutboxRelay relay;

    @Inject
    OutboxStore store;

    @Inject
    TransactionManager transactions;

    @BeforeAll
    static void subscribe() {
        probe = new TopicProbe(TestKafka.bootstrapServers(), FakeLedger.TOPIC);
    }

    @AfterAll
    static void close() {
        probe.close();
    }

    @Test
    void flushPublishesWhatTheRelayLeftBehindAndSaysSo() throws Exception {
        String first = "entry-" + UUID.randomUUID();
        String second = "entry-" + UUID.randomUUID();
        OutboxRows.insertUnwoken(first);
        OutboxRows.insertUnwoken(second);
        probe.assertNoEvent(FakeLedger.RECORDED, e -> first.equals(e.subject()), Duration.ofSeconds(1));

        HttpResponse<String> response = ServicePort.http().send("POST", "/admin/outbox/flush", null, null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonObject pass = Json.createReader(new StringReader(response.body())).readObject();
        assertThat(pass.getInt("published")).isGreaterThanOrEqualTo(2);
        assertThat(pass.getInt("failed")).isZero();
        assertThat(pass.getJsonNumber("pending").longValue()).isZero();
        // Published before the answer, not some time after it.
        assertThat(OutboxRows.publishedAt(first)).isNotNull();
        assertThat(OutboxRows.publishedAt(second)).isNotNull();
        probe.awaitEvent(FakeLedger.RECORDED, e -> first.equals(e.subject()), Duration.ofSeconds(10));
        probe.awaitEvent(FakeLedger.RECORDED, e -> second.equals(e.subject()), Duration.ofSeconds(10));
    }

    @Test
    void aPassPublishesMoreThanOneReadOfRowsInTheirOrderAndMarksEveryOne() throws Exception {
        // More rows than the relay reads at once (200): two reads, two marks, one order on the topic.
        List<String> subjects = new ArrayList<>();
        for (int i = 0; i < 230; i++) {
            String subject = "batch-" + i + "-" + UUID.randomUUID();
            OutboxRows.insertUnwoken(subject);
            subjects.add(subject);
        }

        assertThat(relay.flush().pending()).isZero();

        for (String subject : subjects) {
            assertThat(OutboxRows.publishedAt(subject)).as("published_at of " + subject).isNotNull();
        }
        // Kafka orders a topic per partition (one key, one partition): on each, our rows in the order written.
        Set<String> ours = Set.copyOf(subjects);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(probe.records().stream()
                .filter(r -> ours.contains(r.key())).count()).isEqualTo(subjects.size()));
        Map<Integer, List<String>> byPartition = probe.records().stream().filter(r -> ours.contains(r.key()))
                .collect(Collectors.groupingBy(ConsumerRecord::partition,
                        Collectors.mapping(ConsumerRecord::key, Collectors.toList())));
        byPartition.values().forEach(keys -> assertThat(keys).isEqualTo(subjects.stream().filter(keys::contains).toList()));
    }

    @Test
    void aReadLeavesOutTheRowsItIsToldToSkipAndFillsItsLimitPastThem() throws Exception {
        // What the relay asks while published rows wait for their mark: those are not read again, payload and all.
        relay.flush();
        List<String> subjects = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            subjects.add("skip-" + i + "-" + UUID.randomUUID());
            OutboxRows.insertUnwoken(subjects.getLast());
        }
        List<Long> ids = new ArrayList<>();
        for (String subject : subjects) {
            ids.add(OutboxRows.idOf(subject));
        }

        List<OutboxStore.Pending> read = store.pending(2, Set.of(ids.get(0), ids.get(2)));

        assertThat(read).extracting(OutboxStore.Pending::id).containsExactly(ids.get(1), ids.get(3));
        assertThat(read).extracting(p -> p.event().subject()).containsExactly(subjects.get(1), subjects.get(3));
        assertThat(store.pending(10, Set.of())).extracting(OutboxStore.Pending::id).containsExactlyElementsOf(ids);
        assertThat(relay.flush().pending()).isZero();
    }

    @Test
    void aPassRunInsideTheCallersTransactionCommitsItsMarksOnItsOwn() throws Exception {
        String subject = "entry-" + UUID.randomUUID();
        OutboxRows.insertUnwoken(subject);

        transactions.begin();
        try {
            relay.flush();
        } finally {
            transactions.rollback();
        }

        // The broker has the event, so the row must stay marked whatever becomes of the caller's transaction;
        // marks rolled back with it would publish the event again on the next pass.
        assertThat(OutboxRows.publishedAt(subject)).isNotNull();
        assertThat(relay.flush().published()).isZero();
        probe.awaitEvent(FakeLedger.RECORDED, e -> subject.equals(e.subject()), Duration.ofSeconds(10));
        assertThat(probe.count(FakeLedger.RECORDED, e -> subject.equals(e.subject()))).isEqualTo(1);
    }

    @Test
    void flushWithNothingPendingPublishesNothing() {
        ServicePort.http().send("POST", "/admin/outbox/flush", null, null);

        HttpResponse<String> response = ServicePort.http().send("POST", "/admin/outbox/flush", null, null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonObject pass = Json.createReader(new StringReader(response.body())).readObject();
        assertThat(pass.getInt("published")).isZero();
        assertThat(pass.getJsonNumber("pending").longValue()).isZero();
    }

    @Test
    void onlyAnAdminOrTheConfiguredPingMayFlush() {
        Map<String, Integer> callers = Map.of(
                "", 401,
                "Authorization=" + TestTokens.customer("c-1"), 403,
                "Workload-Authorization=" + TestTokens.workload("orders"), 403,
                "Authorization=" + TestTokens.workload("ledger-outbox-flush"), 200,
                "Authorization=" + TestTokens.admin(), 200);
        callers.forEach((credential, status) -> {
            Map<String, String> headers = credential.isEmpty() ? Map.of()
                    : Map.of(credential.substring(0, credential.indexOf('=')), credential.substring(credential.indexOf('=') + 1));
            HttpResponse<String> response = ServicePort.anonymous().send("POST", "/admin/outbox/flush", null, null, headers);
            assertThat(response.statusCode()).as(credential + ": " + response.body()).isEqualTo(status);
        });
    }
}
