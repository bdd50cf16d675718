package dev.mosaic.platform.service;

import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.mosaic.platform.core.RequestContext;
import dev.mosaic.platform.messaging.CloudEvent;
import dev.mosaic.platform.messaging.InvalidEventException;
import dev.mosaic.platform.messaging.Retention;
import dev.mosaic.testing.Http;
import dev.mosaic.testing.Metrics;
import dev.mosaic.testing.ServiceInfra;
import dev.mosaic.testing.ServicePort;
import dev.mosaic.testing.TestKafka;
import dev.mosaic.testing.TestTokens;
import dev.mosaic.testing.TopicProbe;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Consuming against a real broker and database: the inbox makes duplicates harmless, both delivery paths reach
 * the same handler, and a message that keeps failing lands in the dead letters, from where it can be redriven.
 */
@ExtendWith(ServiceInfra.class)
@HelidonTest
@AddConfig(key = "mosaic.events.delivery", value = "poll,push")
@AddConfig(key = "mosaic.events.push.senders.ledger.commands", value = "eventing-ledger.commands")
@AddConfig(key = "mosaic.events.push.senders.ledger.events", value = "eventing-ledger.events")
@AddConfig(key = "mosaic.events.push.senders.ledger.commands.dlq", value = "eventing-ledger.commands.dlq")
// Chunks of ten: forty waiting events make several, so one broken event rolls back only its own chunk.
@AddConfig(key = "mosaic.events.batch-size", value = "10")
class ConsumingIT {

    private static final String TOPIC = "ledger.commands";

    @Inject
    FakeLedger ledger;
    @Inject
    Retention retention;

    @Test
    void duplicateDeliveriesRunTheHandlerOnce() {
        String account = "acct-" + UUID.randomUUID();
        CloudEvent credit = credit(account, 5);

        TestKafka.publish(TOPIC, credit);
        TestKafka.publish(TOPIC, credit);
        HttpResponse<String> pushed = push(credit);
        assertThat(pushed.statusCode()).isEqualTo(202);
        // Same key, same partition: once the sentinel is applied, every earlier copy has been consumed.
        TestKafka.publish(TOPIC, credit(account, 1));

        await().atMost(Duration.ofSeconds(20)).until(() -> ledger.applied(account) >= 6);
        assertThat(ledger.applied(account)).isEqualTo(6);
    }

    @Test
    void bothDeliveryPathsReachTheSameHandler() {
        String account = "acct-" + UUID.randomUUID();

        HttpResponse<String> pushed = push(credit(account, 3));
        assertThat(pushed.statusCode()).isEqualTo(202);
        assertThat(json(pushed.body()).getString("outcome")).isEqualTo("HANDLED");
        assertThat(ledger.applied(account)).isEqualTo(3);

        TestKafka.publish(TOPIC, credit(account, 4));
        await().atMost(Duration.ofSeconds(20)).until(() -> ledger.applied(account) == 7);
    }

    @Test
    void bothDeliveryPathsHandleAnEventInTheProducersTraceAndRequestAboutItsSubject() {
        String account = "acct-" + UUID.randomUUID();
        RequestContext.Ids producer = RequestContext.begin("req-" + account, null);
        CloudEvent pushed = credit(account, 1);
        CloudEvent polled = credit(account, 2);
        RequestContext.clear();

        assertThat(push(pushed).statusCode()).isEqualTo(202);
        TestKafka.publish(TOPIC, polled);
        await().atMost(Duration.ofSeconds(20)).until(() -> FakeCreditHandler.CONTEXTS.containsKey(polled.id()));

        for (CloudEvent event : java.util.List.of(pushed, polled)) {
            RequestContext.Ids handled = FakeCreditHandler.CONTEXTS.get(event.id());
            assertThat(handled).as("ids while handling " + event).isNotNull();
            assertThat(handled.requestId()).isEqualTo(producer.requestId());
            assertThat(handled.traceId()).isEqualTo(producer.traceId());
            assertThat(handled.spanId()).isNotEqualTo(producer.spanId());
            assertThat(handled.subject()).as("the event's subject").isEqualTo(account);
        }
    }

    @Test
    void pushedDuplicateIsAcknowledgedAsDuplicateAndChangesNothing() {
        String account = "acct-" + UUID.randomUUID();
        CloudEvent credit = credit(account, 2);

        assertThat(json(push(credit).body()).getString("outcome")).isEqualTo("HANDLED");
        HttpResponse<String> again = push(credit);

        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(json(again.body()).getString("outcome")).isEqualTo("DUPLICATE");
        assertThat(ledger.applied(account)).isEqualTo(2);
    }

    @Test
    void aCommandPolledFromATopicThatDoesNotOwnItIsDeadLetteredAndChangesNothing() {
        String account = "acct-" + UUID.randomUUID();
        CloudEvent forged = credit(account, 1000);

        TestKafka.publish("ledger.events", forged);

        JsonObject letter = awaitDeadLetter(forged.id());
        assertThat(letter.getString("topic")).isEqualTo("ledger.events");
        assertThat(letter.getString("error")).contains("accepted only from ledger.commands");
        assertThat(ledger.applied(account)).isZero();
        // Redriving it cannot launder it either: it is still from the wrong topic.
        HttpResponse<String> redriven = http().send("POST", "/admin/dead-letters/" + letter.getInt("id") + "/redrive", null, null);
        assertThat(redriven.statusCode()).isEqualTo(409);
        assertThat(ledger.applied(account)).isZero();
    }

    @Test
    void aPushNeedsTheTokenOfTheTopicsSenderAndAnEventOfThatTopic() {
        String account = "acct-" + UUID.randomUUID();
        CloudEvent credit = credit(account, 7);

        // From its sender: handled. No token: 401; a customer, an admin, or a workload that sends nothing here: 403.
        assertThat(ServicePort.anonymous().push(credit, TOPIC).statusCode()).isEqualTo(202);
        Map<String, Integer> refusals = Map.of("", 401, TestTokens.customer("c-1"), 403, TestTokens.admin(), 403,
                TestTokens.workload("orders"), 403);
        refusals.forEach((token, status) -> {
            Map<String, String> headers = new java.util.HashMap<>(Map.of("ce-specversion", "1.0", "ce-id", UUID.randomUUID().toString(),
                    "ce-source", "/test/bank", "ce-type", FakeCreditHandler.TYPE, "ce-subject", account));
            if (!token.isEmpty()) {
                headers.put("Authorization", token);
            }
            HttpResponse<String> refused = ServicePort.anonymous().send("POST", "/events", "application/json",
                    "{\"account\":\"" + account + "\",\"amount\":1000}", headers);
            assertThat(refused.statusCode()).as(token).isEqualTo(status);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        });
        // The sender of ledger.events may not deliver the ledger's commands.
        HttpResponse<String> foreign = ServicePort.anonymous().push(credit(account, 1000), "ledger.events");
        assertThat(foreign.statusCode()).as(foreign.body()).isEqualTo(403);
        assertThat(json(foreign.body()).getString("detail")).contains("accepted only from ledger.commands");
        assertThat(ledger.applied(account)).isEqualTo(7);
    }

    @Test
    void aDeadLetterKnativeGaveUpOnComesBackFromItsDlqIsKeptOnceAndCanBeRedriven() {
        String account = "acct-" + UUID.randomUUID();
        CloudEvent credit = credit(account, 4);
        // What Knative Eventing writes to ledger.commands.dlq when ledger's /events kept answering 500.
        CloudEvent letter = credit.withExtension("knativeerrordest", "http://ledger.mosaic.svc.cluster.local/events")
                .withExtension("knativeerrorcode", "500")
                .withExtension("knativeerrordata", java.util.Base64.getEncoder().encodeToString(
                        "{\"detail\":\"Handling it failed; redeliver it later\"}".getBytes(StandardCharsets.UTF_8)));

        HttpResponse<String> kept = http().push(letter, TOPIC + ".dlq");
        HttpResponse<String> again = http().push(letter, TOPIC + ".dlq");

        assertThat(kept.statusCode()).as(kept.body()).isEqualTo(202);
        assertThat(json(kept.body()).getString("outcome")).isEqualTo("DEAD_LETTER_KEPT");
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(ledger.applied(account)).as("a dead letter is kept, not handled").isZero();
        JsonArray letters = Json.createReader(new StringReader(http().get("/admin/dead-letters").body())).readArray();
        List<JsonObject> mine = letters.stream().map(JsonValue::asJsonObject)
                .filter(l -> credit.id().equals(l.getString("eventId", null))).toList();
        assertThat(mine).as("one letter for one event delivered twice").hasSize(1);
        JsonObject entry = mine.getFirst();
        assertThat(entry.getString("topic")).isEqualTo(TOPIC);
        assertThat(entry.getString("status")).isEqualTo("DEAD");
        assertThat(entry.getString("errorClass")).isEqualTo("push-delivery-http-500");
        assertThat(entry.getString("error")).contains("http://ledger.mosaic.svc.cluster.local/events", "HTTP 500",
                "Handling it failed");

        HttpResponse<String> redriven = http().send("POST", "/admin/dead-letters/" + entry.getInt("id") + "/redrive", null, null);
        assertThat(redriven.statusCode()).as(redriven.body()).isEqualTo(200);
        assertThat(ledger.applied(account)).isEqualTo(4);
        // Knative's extensions are not part of the event: a redelivery of the original is a duplicate.
        assertThat(json(push(credit).body()).getString("outcome")).isEqualTo("DUPLICATE");
    }

    @Test
    void aDlqRecordOfAnotherSubscriberOrOfNoPushDeliveryIsAcknowledgedAndNotKept() {
        String account = "acct-" + UUID.randomUUID();
        CloudEvent forNotifications = credit(account, 1)
                .withExtension("knativeerrordest", "http://notifications.mosaic.svc.cluster.local/events")
                .withExtension("knativeerrorcode", "400");
        CloudEvent fromAPollingConsumer = credit(account, 2);

        HttpResponse<String> other = http().push(forNotifications, TOPIC + ".dlq");
        HttpResponse<String> polled = http().push(fromAPollingConsumer, TOPIC + ".dlq");

        assertThat(json(other.body()).getString("outcome")).isEqualTo("DEAD_LETTER_OF_ANOTHER_SERVICE");
        assertThat(json(polled.body()).getString("outcome")).isEqualTo("NOT_A_PUSH_DEAD_LETTER");
        assertThat(http().get("/admin/dead-letters").body()).doesNotContain(forNotifications.id(), fromAPollingConsumer.id());
        assertThat(ledger.applied(account)).isZero();
        // Only the dead-letter topic's sender hands in dead letters: for the topic's own sender it is an event.
        HttpResponse<String> asEvent = push(forNotifications);
        assertThat(json(asEvent.body()).getString("outcome")).isEqualTo("HANDLED");
    }

    @Test
    void pushWithoutCloudEventHeadersIsRejectedAsProblem() {
        HttpResponse<String> response = http().send("POST", "/events", "application/json", "{\"account\":\"x\",\"amount\":1}",
                Map.of("Authorization", TestTokens.eventSender(TOPIC)));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(response.body()).getString("type")).isEqualTo("https://mosaic.dev/problems/invalid-event");
        assertThat(response.body()).doesNotContain("Exception");
    }

    @Test
    void messageThatKeepsFailingIsDeadLetteredWithItsErrorAndCanBeRedrivenOnceFixed() {
        String account = "acct-" + UUID.randomUUID();
        FakeCreditHandler.BROKEN.add(account);
        CloudEvent credit = credit(account, 9);
        try (TopicProbe dlq = new TopicProbe(TestKafka.bootstrapServers(), TOPIC + ".dlq")) {
            TestKafka.publish(TOPIC, credit);

            JsonObject letter = awaitDeadLetter(credit.id());
            assertThat(letter.getString("error")).contains("is locked");
            assertThat(letter.getInt("attempts")).isEqualTo(3);
            assertThat(letter.getString("status")).isEqualTo("DEAD");
            await().atMost(Duration.ofSeconds(10)).until(() -> dlq.records().stream()
                    .anyMatch(r -> credit.id().equals(header(r.headers().lastHeader("ce_id")))
                            && header(r.headers().lastHeader("mosaic_dlq_error")).contains("is locked")));
            assertThat(ledger.applied(account)).isZero();

            FakeCreditHandler.BROKEN.remove(account);
            HttpResponse<String> redriven = http().send("POST", "/admin/dead-letters/" + letter.getInt("id") + "/redrive", null, null);

            assertThat(redriven.statusCode()).isEqualTo(200);
            assertThat(json(redriven.body()).getString("status")).isEqualTo("REDRIVEN");
            assertThat(ledger.applied(account)).isEqualTo(9);
            HttpResponse<String> again = http().send("POST", "/admin/dead-letters/" + letter.getInt("id") + "/redrive", null, null);
            assertThat(json(again.body()).getString("outcome")).isEqualTo("ALREADY_REDRIVEN");
            assertThat(ledger.applied(account)).isEqualTo(9);
        } finally {
            FakeCreditHandler.BROKEN.remove(account);
        }
    }

    @Test
    void deadLetterCountsInTheDlqDepthUntilRedrivenAndConsumedRecordsLeaveNoLag() {
        String account = "acct-" + UUID.randomUUID();
        double depth = awaitMetric(m -> m.value("mosaic_dead_letters", "topic", TOPIC), v -> !Double.isNaN(v));
        double deadLettered = Metrics.scrape(http()).count("mosaic_events_dead_lettered_total", "topic", TOPIC);
        double failed = Metrics.scrape(http()).count("mosaic_events_failed_total", "type", FakeCreditHandler.TYPE);
        FakeCreditHandler.BROKEN.add(account);
        try {
            CloudEvent credit = credit(account, 4);
            TestKafka.publish(TOPIC, credit);
            JsonObject letter = awaitDeadLetter(credit.id());

            awaitMetric(m -> m.value("mosaic_dead_letters", "topic", TOPIC), v -> v == depth + 1);
            Metrics metrics = Metrics.scrape(http());
            assertThat(metrics.count("mosaic_events_dead_lettered_total", "topic", TOPIC)).isEqualTo(deadLettered + 1);
            assertThat(metrics.count("mosaic_events_failed_total", "type", FakeCreditHandler.TYPE)).isEqualTo(failed + 3);

            FakeCreditHandler.BROKEN.remove(account);
            assertThat(http().send("POST", "/admin/dead-letters/" + letter.getInt("id") + "/redrive", null, null).statusCode())
                    .isEqualTo(200);
            awaitMetric(m -> m.value("mosaic_dead_letters", "topic", TOPIC), v -> v == depth);
            assertThat(Metrics.scrape(http()).count("mosaic_events_handled_total", "type", FakeCreditHandler.TYPE,
                    "outcome", "handled")).isPositive();
            // Everything published so far has been read: no lag on the partitions this instance consumes.
            awaitMetric(m -> m.value("mosaic_events_consumer_lag", "topic", TOPIC), v -> v == 0);
        } finally {
            FakeCreditHandler.BROKEN.remove(account);
        }
    }

    @Test
    void failingMessageDoesNotBlockTheOnesBehindItInItsPartition() {
        String broken = "acct-" + UUID.randomUUID();
        String healthy = "acct-" + UUID.randomUUID();
        String key = "key-" + UUID.randomUUID();
        FakeCreditHandler.BROKEN.add(broken);
        try {
            // Same record key: same partition, consumed strictly after the failing one.
            TestKafka.publish(TOPIC, credit(key, broken, 1));
            TestKafka.publish(TOPIC, credit(key, healthy, 2));

            await().atMost(Duration.ofSeconds(20)).until(() -> ledger.applied(healthy) == 2);
            assertThat(ledger.applied(broken)).isZero();
        } finally {
            FakeCreditHandler.BROKEN.remove(broken);
        }
    }

    @Test
    void eventsWaitingInThePartitionAreHandledTogetherAndABrokenOneAmongThemChangesOnlyItself() {
        String slow = "acct-" + UUID.randomUUID();
        String healthy = "acct-" + UUID.randomUUID();
        String broken = "acct-" + UUID.randomUUID();
        String key = "key-" + UUID.randomUUID();
        FakeCreditHandler.SLOW.add(slow);
        FakeCreditHandler.BROKEN.add(broken);
        try {
            // While the consumer spends a second on the first event, forty more arrive behind it on its partition.
            TestKafka.publish(TOPIC, credit(key, slow, 1));
            java.util.List<CloudEvent> behind = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String account = i == 17 ? broken : healthy;
                behind.add(credit(key, account, 1));
            }
            TestKafka.publishAll(TOPIC, behind);

            await().atMost(Duration.ofSeconds(30)).until(() -> ledger.applied(healthy) >= 39);
            assertThat(ledger.applied(healthy)).isEqualTo(39);
            assertThat(ledger.applied(broken)).isZero();
            assertThat(ledger.applied(slow)).isEqualTo(1);
            // Handled in fewer transactions than events: the chunk of the broken one was rolled back and its events
            // handled again one by one (each still applied once); the other chunks each committed as one.
            long transactions = behind.stream().filter(e -> !e.dataAsString().contains(broken))
                    .map(e -> FakeCreditHandler.TRANSACTIONS.get(e.id())).distinct().count();
            assertThat(transactions).isLessThan(39);
        } finally {
            FakeCreditHandler.SLOW.remove(slow);
            FakeCreditHandler.BROKEN.remove(broken);
        }
    }

    @Test
    void eventsOfTypesNobodyHandlesAreIgnoredWithoutBreakingUpTheChunk() {
        String slow = "acct-" + UUID.randomUUID();
        String healthy = "acct-" + UUID.randomUUID();
        String key = "key-" + UUID.randomUUID();
        FakeCreditHandler.SLOW.add(slow);
        try {
            // A topic carries every type its owner publishes; this service takes one of them. Twenty credits wait
            // behind a slow one, each followed by an event of a type no handler here takes.
            TestKafka.publish(TOPIC, credit(key, slow, 1));
            java.util.List<CloudEvent> behind = new java.util.ArrayList<>();
            java.util.List<CloudEvent> credits = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) {
                CloudEvent credit = credit(key, healthy, 1);
                credits.add(credit);
                behind.add(credit);
                behind.add(CloudEvent.create("/test/bank", "dev.mosaic.test.ledger.audited.v1", key, "{\"note\":\"seen\"}"));
            }
            TestKafka.publishAll(TOPIC, behind);

            await().atMost(Duration.ofSeconds(30)).until(() -> ledger.applied(healthy) >= 20);
            assertThat(ledger.applied(healthy)).isEqualTo(20);
            // Chunks of ten went through whole: a few transactions, not one per credit.
            long transactions = credits.stream().map(e -> FakeCreditHandler.TRANSACTIONS.get(e.id())).distinct().count();
            assertThat(transactions).isLessThanOrEqualTo(5);
        } finally {
            FakeCreditHandler.SLOW.remove(slow);
        }
    }

    @Test
    void anEventItsHandlerFindsSettledIsSkippedWithoutATransactionOrAnInboxRow() {
        String account = "acct-" + UUID.randomUUID();
        FakeCreditHandler.CLOSED.add(account);
        try {
            CloudEvent credit = credit(account, 5);
            double settled = Metrics.scrape(http()).count("mosaic_events_handled_total", "type", FakeCreditHandler.TYPE,
                    "outcome", "settled");

            HttpResponse<String> pushed = push(credit);

            assertThat(pushed.statusCode()).isEqualTo(202);
            assertThat(json(pushed.body()).getString("outcome")).isEqualTo("SETTLED");
            assertThat(FakeCreditHandler.CONTEXTS).as("the handler never ran").doesNotContainKey(credit.id());
            assertThat(ledger.inboxRows(credit.id())).isZero();
            assertThat(ledger.applied(account)).isZero();
            assertThat(Metrics.scrape(http()).count("mosaic_events_handled_total", "type", FakeCreditHandler.TYPE,
                    "outcome", "settled")).isEqualTo(settled + 1);

            // Nothing recorded it: should the check say otherwise later, the same event is handled like any other.
            FakeCreditHandler.CLOSED.remove(account);
            assertThat(json(push(credit).body()).getString("outcome")).isEqualTo("HANDLED");
            assertThat(ledger.inboxRows(credit.id())).isEqualTo(1);
            assertThat(ledger.applied(account)).isEqualTo(5);
        } finally {
            FakeCreditHandler.CLOSED.remove(account);
        }
    }

    @Test
    void settledEventsWaitingAmongOthersAreSkippedAndTheRestOfTheChunkCommitsWhole() {
        String slow = "acct-" + UUID.randomUUID();
        String healthy = "acct-" + UUID.randomUUID();
        String closed = "acct-" + UUID.randomUUID();
        String key = "key-" + UUID.randomUUID();
        FakeCreditHandler.SLOW.add(slow);
        FakeCreditHandler.CLOSED.add(closed);
        try {
            double settled = Metrics.scrape(http()).count("mosaic_events_handled_total", "type", FakeCreditHandler.TYPE,
                    "outcome", "settled");
            TestKafka.publish(TOPIC, credit(key, slow, 1));
            java.util.List<CloudEvent> behind = new java.util.ArrayList<>();
            java.util.List<CloudEvent> credits = new java.util.ArrayList<>();
            java.util.List<CloudEvent> toClosed = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) {
                CloudEvent credit = credit(key, healthy, 1);
                CloudEvent settles = credit(key, closed, 1);
                credits.add(credit);
                toClosed.add(settles);
                behind.add(credit);
                behind.add(settles);
            }
            // And a chunk with nothing to handle at all.
            for (int i = 0; i < 10; i++) {
                CloudEvent settles = credit(key, closed, 1);
                toClosed.add(settles);
                behind.add(settles);
            }
            TestKafka.publishAll(TOPIC, behind);

            await().atMost(Duration.ofSeconds(30)).until(() -> Metrics.scrape(http()).count("mosaic_events_handled_total",
                    "type", FakeCreditHandler.TYPE, "outcome", "settled") >= settled + 30);
            assertThat(ledger.applied(healthy)).isEqualTo(20);
            assertThat(ledger.applied(closed)).isZero();
            assertThat(toClosed).allSatisfy(e -> assertThat(ledger.inboxRows(e.id())).isZero());
            assertThat(toClosed).allSatisfy(e -> assertThat(FakeCreditHandler.CONTEXTS).doesNotContainKey(e.id()));
            long transactions = credits.stream().map(e -> FakeCreditHandler.TRANSACTIONS.get(e.id())).distinct().count();
            assertThat(transactions).as("chunks of ten, each committed whole").isLessThanOrEqualTo(5);
        } finally {
            FakeCreditHandler.SLOW.remove(slow);
            FakeCreditHandler.CLOSED.remove(closed);
        }
    }

    @Test
    void eventWithAVeryLongIdIsListedAsADeadLetterAndCanBeRedriven() {
        String account = "acct-" + UUID.randomUUID();
        String longId = "id-" + "x".repeat(2000) + "-" + UUID.randomUUID();
        CloudEvent template = credit(account, 6);
        CloudEvent credit = new CloudEvent(longId, "/test/bank/" + "s".repeat(300), template.type(), "subject-" + "y".repeat(500),
                template.time(), template.dataContentType(), template.data(), template.extensions());
        FakeCreditHandler.BROKEN.add(account);
        try {
            TestKafka.publish(TOPIC, credit);

            JsonObject letter = awaitDeadLetter(longId);
            assertThat(letter.getString("source")).isEqualTo(credit.source());
            assertThat(letter.getString("status")).isEqualTo("DEAD");

            FakeCreditHandler.BROKEN.remove(account);
            HttpResponse<String> redriven = http().send("POST", "/admin/dead-letters/" + letter.getInt("id") + "/redrive", null, null);

            assertThat(redriven.statusCode()).isEqualTo(200);
            assertThat(json(redriven.body()).getString("status")).isEqualTo("REDRIVEN");
            assertThat(ledger.applied(account)).isEqualTo(6);
            // The inbox knows it by its digest: delivered again, it changes nothing.
            assertThat(push(credit).statusCode()).isEqualTo(202);
            assertThat(ledger.applied(account)).isEqualTo(6);
        } finally {
            FakeCreditHandler.BROKEN.remove(account);
        }
    }

    @Test
    void retentionRemovesOldInboxRowsAndLongRedrivenDeadLettersButKeepsRecentOnesAndEveryUnresolvedLetter() throws Exception {
        String run = UUID.randomUUID().toString();
        Instant now = Instant.now();
        OutboxRows.insertInbox("old-" + run, now.minus(Duration.ofDays(8)));
        OutboxRows.insertInbox("recent-" + run, now.minus(Duration.ofDays(6)));
        OutboxRows.insertDeadLetter("redriven-long-ago-" + run, "REDRIVEN", now.minus(Duration.ofDays(40)), now.minus(Duration.ofDays(31)));
        OutboxRows.insertDeadLetter("redriven-lately-" + run, "REDRIVEN", now.minus(Duration.ofDays(40)), now.minus(Duration.ofDays(29)));
        OutboxRows.insertDeadLetter("dead-for-ages-" + run, "DEAD", now.minus(Duration.ofDays(400)), null);

        Retention.Pruned pruned = retention.prune(now);

        assertThat(pruned.inbox()).isGreaterThanOrEqualTo(1);
        assertThat(pruned.deadLetters()).isGreaterThanOrEqualTo(1);
        assertThat(OutboxRows.inboxHas("old-" + run)).isFalse();
        assertThat(OutboxRows.inboxHas("recent-" + run)).isTrue();
        assertThat(OutboxRows.deadLetterHas("redriven-long-ago-" + run)).isFalse();
        assertThat(OutboxRows.deadLetterHas("redriven-lately-" + run)).isTrue();
        assertThat(OutboxRows.deadLetterHas("dead-for-ages-" + run)).isTrue();
    }

    @Test
    void redriveThatFailsAgainKeepsTheLetterDeadAndSaysWhy() {
        String account = "acct-" + UUID.randomUUID();
        FakeCreditHandler.BROKEN.add(account);
        try {
            CloudEvent credit = credit(account, 1);
            TestKafka.publish(TOPIC, credit);
            JsonObject letter = awaitDeadLetter(credit.id());

            HttpResponse<String> redriven = http().send("POST", "/admin/dead-letters/" + letter.getInt("id") + "/redrive", null, null);

            assertThat(redriven.statusCode()).isEqualTo(409);
            assertThat(json(redriven.body()).getString("detail")).contains("is locked").contains("stays DEAD");
            assertThat(json(http().get("/admin/dead-letters/" + letter.getInt("id")).body()).getString("status")).isEqualTo("DEAD");
        } finally {
            FakeCreditHandler.BROKEN.remove(account);
        }
    }

    @Test
    void undecodablePayloadIsDeadLetteredWithoutRetrying() {
        String account = "acct-" + UUID.randomUUID();
        CloudEvent bad = CloudEvent.create("/test/bank", FakeCreditHandler.TYPE, account,
                "{\"account\":\"" + account + "\",\"amount\":\"lots\"}");
        TestKafka.publish(TOPIC, bad);

        JsonObject letter = awaitDeadLetter(bad.id());
        assertThat(letter.getInt("attempts")).isEqualTo(1);
        assertThat(letter.getString("errorClass")).endsWith("InvalidEventException");
    }

    @Test
    void recordThatIsNotACloudEventIsDeadLetteredAndCannotBeRedriven() {
        String key = "garbage-" + UUID.randomUUID();
        TestKafka.send(new ProducerRecord<>(TOPIC, key, "not an event".getBytes(StandardCharsets.UTF_8)));

        JsonObject letter = awaitDeadLetter(list -> list.stream().map(JsonValue::asJsonObject)
                .filter(l -> key.equals(l.getString("key", null))).findFirst().orElse(null));
        assertThat(letter.getString("error")).contains("is not a binary-mode CloudEvent");

        HttpResponse<String> redriven = http().send("POST", "/admin/dead-letters/" + letter.getInt("id") + "/redrive", null, null);
        assertThat(redriven.statusCode()).isEqualTo(409);
        assertThat(redriven.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void unknownDeadLetterIs404Problem() {
        HttpResponse<String> response = http().get("/admin/dead-letters/999999");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    private static CloudEvent credit(String account, int amount) {
        return credit(account, account, amount);
    }

    /** A credit under record key {@code key}: credits with one key share a partition, in the order published. */
    private static CloudEvent credit(String key, String account, int amount) {
        return CloudEvent.create("/test/bank", FakeCreditHandler.TYPE, key,
                "{\"account\":\"" + account + "\",\"amount\":" + amount + "}");
    }

    private static HttpResponse<String> push(CloudEvent event) {
        return http().push(event, TOPIC);
    }

    private static JsonObject awaitDeadLetter(String eventId) {
        return awaitDeadLetter(list -> list.stream().map(JsonValue::asJsonObject)
                .filter(l -> eventId.equals(l.getString("eventId", null))).findFirst().orElse(null));
    }

    private static JsonObject awaitDeadLetter(java.util.function.Function<JsonArray, JsonObject> pick) {
        JsonObject[] found = new JsonObject[1];
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            HttpResponse<String> list = http().get("/admin/dead-letters");
            found[0] = pick.apply(Json.createReader(new StringReader(list.body())).readArray());
            return found[0] != null;
        });
        return found[0];
    }

    private static double awaitMetric(java.util.function.ToDoubleFunction<Metrics> read,
                                      java.util.function.DoublePredicate expected) {
        double[] value = {Double.NaN};
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            value[0] = read.applyAsDouble(Metrics.scrape(http()));
            return expected.test(value[0]);
        });
        return value[0];
    }

    private static String header(Header header) {
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static JsonObject json(String body) {
        return Json.createReader(new StringReader(body)).readObject();
    }

    private static Http http() {
        return ServicePort.http();
    }
}
