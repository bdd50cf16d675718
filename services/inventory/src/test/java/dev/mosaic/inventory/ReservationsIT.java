package dev.mosaic.inventory;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.mosaic.inventory.messaging.OutboxReservationEvents;
import dev.mosaic.platform.messaging.CloudEvent;
import dev.mosaic.platform.core.DomainException;
import dev.mosaic.testing.Operability;
import dev.mosaic.testing.ServiceInfra;
import dev.mosaic.testing.TestKafka;
import dev.mosaic.testing.TopicProbe;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.mosaic.inventory.InventoryApi.JSON;
import static dev.mosaic.inventory.InventoryApi.assertStock;
import static dev.mosaic.inventory.InventoryApi.commit;
import static dev.mosaic.inventory.InventoryApi.http;
import static dev.mosaic.inventory.InventoryApi.json;
import static dev.mosaic.inventory.InventoryApi.newOrderId;
import static dev.mosaic.inventory.InventoryApi.ok;
import static dev.mosaic.inventory.InventoryApi.outboxed;
import static dev.mosaic.inventory.InventoryApi.problem;
import static dev.mosaic.inventory.InventoryApi.release;
import static dev.mosaic.inventory.InventoryApi.reservationStatus;
import static dev.mosaic.inventory.InventoryApi.reserve;
import static dev.mosaic.inventory.InventoryApi.stock;
import static dev.mosaic.inventory.InventoryApi.stockedSku;
import static dev.mosaic.inventory.messaging.OutboxReservationEvents.COMMITTED;
import static dev.mosaic.inventory.messaging.OutboxReservationEvents.REJECTED;
import static dev.mosaic.inventory.messaging.OutboxReservationEvents.RELEASED;
import static dev.mosaic.inventory.messaging.OutboxReservationEvents.RESERVED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Stock through the REST API and reservations through the domain (the rules every door shares), on a real database
 * (H2, or PostgreSQL when configured) and a real broker.
 */
@ExtendWith(ServiceInfra.class)
@HelidonTest
class ReservationsIT {

    private static final List<String> DEMO_SKUS = List.of("COF-ETH-250", "COF-COL-250", "COF-BRA-1K", "COF-KEN-250",
            "COF-DEC-250", "TEA-SEN-100", "TEA-ASS-250", "TEA-EGR-100", "TEA-ROO-100", "KIT-V60-02", "KIT-FIL-100",
            "KIT-KET-GN", "KIT-GRD-HND", "KIT-PRS-8", "KIT-SCL-01", "MUG-STN-350", "MUG-DBL-250", "CUP-ESP-2",
            "BOT-TRV-500", "OUT-STV-01", "OUT-MUG-TI", "BOK-BAR-01", "BOK-TEA-01", "BOK-ROA-01", "GFT-BOX-CF",
            "GFT-CRD-50");

    private static TopicProbe events;

    @BeforeAll
    static void subscribe() {
        events = new TopicProbe(TestKafka.bootstrapServers(), OutboxReservationEvents.TOPIC);
    }

    @AfterAll
    static void close() {
        events.close();
    }

    @Test
    void everyDemoProductIsStockedAndTwoAreNearlySoldOut() {
        for (String sku : DEMO_SKUS) {
            JsonObject s = stock(sku);
            assertThat(s.getInt("available")).as(sku).isBetween(3, 200);
            assertThat(s.getInt("reserved") + s.getInt("committed")).as(sku).isZero();
        }
        assertThat(stock("KIT-GRD-HND").getInt("available")).isEqualTo(3);
        assertThat(stock("OUT-STV-01").getInt("available")).isEqualTo(3);
    }

    @Test
    void publicStockShowsOnlyWhatCanStillBeOrdered() {
        String sku = stockedSku(10);
        reserve(newOrderId(), sku, 4);

        JsonObject publicStock = ok(http().get("/stock/" + sku));

        assertThat(publicStock.keySet()).containsExactlyInAnyOrder("sku", "available");
        assertThat(publicStock.getString("sku")).isEqualTo(sku);
        assertThat(publicStock.getInt("available")).isEqualTo(6);
    }

    @Test
    void stockOfAnUnknownSkuIsA404Problem() {
        JsonObject problem = problem(http().get("/stock/NO-SUCH-SKU"), 404);
        assertThat(problem.getString("type")).isEqualTo("https://mosaic.dev/problems/not-found");
        assertThat(problem.getString("detail")).contains("NO-SUCH-SKU");
        problem(http().get("/stock/not%20a%20sku"), 404);
        problem(http().get("/admin/stock/NO-SUCH-SKU"), 404);
    }

    @Test
    void reservingMovesUnitsFromAvailableToReservedAndAnnouncesIt() {
        String coffee = stockedSku(10);
        String tea = stockedSku(5);
        String order = newOrderId();

        JsonObject reservation = reserve(order, coffee, 3, tea, 5);

        assertThat(reservation.getString("orderId")).isEqualTo(order);
        assertThat(reservation.getString("status")).isEqualTo("RESERVED");
        assertThat(reservation.getJsonArray("lines")).hasSize(2);
        assertThat(reservation.getJsonArray("lines").getJsonObject(0).getString("sku")).isEqualTo(coffee);
        assertThat(reservation.getJsonArray("lines").getJsonObject(0).getInt("quantity")).isEqualTo(3);
        assertThat(reservation.getJsonArray("unavailable")).isEmpty();
        assertStock(coffee, 7, 3, 0);
        assertStock(tea, 0, 5, 0);
        CloudEvent event = events.awaitEvent(RESERVED, e -> order.equals(e.subject()), Duration.ofSeconds(10));
        assertThat(event.source()).isEqualTo("/mosaic/inventory");
        JsonObject data = json(event.dataAsString());
        assertThat(data.getString("orderId")).isEqualTo(order);
        assertThat(data.getJsonArray("lines").getJsonObject(1).getString("sku")).isEqualTo(tea);
        assertThat(data.getJsonArray("lines").getJsonObject(1).getInt("quantity")).isEqualTo(5);
        assertThat(reservationStatus(order)).hasValue("RESERVED");
    }

    @Test
    void reservingTheSameOrderAgainAnswersTheSameReservationAndChangesNothing() {
        String sku = stockedSku(10);
        String order = newOrderId();
        JsonObject first = reserve(order, sku, 2);

        JsonObject again = reserve(order, sku, 2);
        JsonObject otherLines = reserve(order, sku, 7);

        assertThat(again).isEqualTo(first);
        assertThat(otherLines).isEqualTo(first);
        assertStock(sku, 8, 2, 0);
        assertThat(outboxed(RESERVED, order)).isEqualTo(1);
    }

    @Test
    void aReserveThatDoesNotFitIsRejectedWholeAndHoldsNothing() {
        String plenty = stockedSku(10);
        String scarce = stockedSku(1);
        String order = newOrderId();

        JsonObject rejected = reserve(order, plenty, 2, scarce, 3);

        assertThat(rejected.getString("status")).isEqualTo("REJECTED");
        assertThat(rejected.getJsonArray("lines")).hasSize(2);
        assertThat(rejected.getJsonArray("unavailable")).hasSize(1);
        JsonObject unavailable = rejected.getJsonArray("unavailable").getJsonObject(0);
        assertThat(unavailable.getString("sku")).isEqualTo(scarce);
        assertThat(unavailable.getInt("requested")).isEqualTo(3);
        assertThat(unavailable.getInt("available")).isEqualTo(1);
        assertStock(plenty, 10, 0, 0);
        assertStock(scarce, 1, 0, 0);
        CloudEvent event = events.awaitEvent(REJECTED, e -> order.equals(e.subject()), Duration.ofSeconds(10));
        JsonObject data = json(event.dataAsString());
        assertThat(data.getJsonArray("unavailable").getJsonObject(0).getString("sku")).isEqualTo(scarce);
        assertThat(data.getJsonArray("unavailable").getJsonObject(0).getInt("available")).isEqualTo(1);

        // Restocking does not revive a rejected order: the same order is answered as it was.
        InventoryApi.setAvailable(scarce, 100);
        assertThat(reserve(order, plenty, 2, scarce, 3)).isEqualTo(rejected);
        assertThat(outboxed(REJECTED, order)).isEqualTo(1);
        assertThat(outboxed(RESERVED, order)).isZero();
    }

    @Test
    void anUnknownSkuRejectsTheReservationAsUnavailableWithNothingAvailable() {
        String known = stockedSku(10);
        String order = newOrderId();

        JsonObject rejected = reserve(order, known, 1, "NO-SUCH-SKU-1", 1);

        assertThat(rejected.getString("status")).isEqualTo("REJECTED");
        JsonObject unavailable = rejected.getJsonArray("unavailable").getJsonObject(0);
        assertThat(unavailable.getString("sku")).isEqualTo("NO-SUCH-SKU-1");
        assertThat(unavailable.getInt("requested")).isEqualTo(1);
        assertThat(unavailable.getInt("available")).isZero();
        assertStock(known, 10, 0, 0);
        problem(http().get("/admin/stock/NO-SUCH-SKU-1"), 404);
    }

    @Test
    void committingSellsTheReservedUnitsOnce() {
        String sku = stockedSku(10);
        String order = newOrderId();
        reserve(order, sku, 4);

        JsonObject committed = commit(order);
        JsonObject again = commit(order);

        assertThat(committed.getString("status")).isEqualTo("COMMITTED");
        assertThat(again).isEqualTo(committed);
        assertStock(sku, 6, 0, 4);
        events.awaitEvent(COMMITTED, e -> order.equals(e.subject()), Duration.ofSeconds(10));
        assertThat(outboxed(COMMITTED, order)).isEqualTo(1);
    }

    @Test
    void releasingTwiceGivesUnitsBackOnce() {
        String sku = stockedSku(10);
        String order = newOrderId();
        reserve(order, sku, 4);

        JsonObject released = release(order);
        JsonObject again = release(order);

        assertThat(released.getString("status")).isEqualTo("RELEASED");
        assertThat(again).isEqualTo(released);
        assertStock(sku, 10, 0, 0);
        events.awaitEvent(RELEASED, e -> order.equals(e.subject()), Duration.ofSeconds(10));
        assertThat(outboxed(RELEASED, order)).isEqualTo(1);
    }

    @Test
    void releasingACommittedReservationGivesItsUnitsBack() {
        String sku = stockedSku(10);
        String order = newOrderId();
        reserve(order, sku, 4);
        commit(order);

        JsonObject released = release(order);

        assertThat(released.getString("status")).isEqualTo("RELEASED");
        assertStock(sku, 10, 0, 0);
        assertThat(release(order)).isEqualTo(released);
        assertStock(sku, 10, 0, 0);
        assertThat(outboxed(RELEASED, order)).isEqualTo(1);
    }

    @Test
    void releasingAnUnknownOrderLeavesATombstoneSoALateReserveHoldsNothing() {
        String sku = stockedSku(10);
        String order = newOrderId();

        JsonObject tombstone = release(order);
        JsonObject lateReserve = reserve(order, sku, 3);

        assertThat(tombstone.getString("status")).isEqualTo("RELEASED");
        assertThat(tombstone.getJsonArray("lines")).isEmpty();
        assertThat(lateReserve.getString("status")).isEqualTo("RELEASED");
        assertStock(sku, 10, 0, 0);
        events.awaitEvent(RELEASED, e -> order.equals(e.subject()), Duration.ofSeconds(10));
        assertThat(outboxed(RELEASED, order)).isEqualTo(1);
        assertThat(outboxed(RESERVED, order)).isZero();
        assertThat(commit(order).getString("status")).isEqualTo("RELEASED");
    }

    @Test
    void onlyAReservedOrderCanBeCommittedOrAnythingElseIsAnsweredAsItIs() {
        String sku = stockedSku(1);
        String released = newOrderId();
        reserve(released, sku, 1);
        release(released);
        String rejected = newOrderId();
        reserve(rejected, sku, 5);

        assertThat(commit(released).getString("status")).isEqualTo("RELEASED");
        assertThat(commit(rejected).getString("status")).isEqualTo("REJECTED");
        assertThat(release(rejected).getString("status")).isEqualTo("REJECTED");
        assertStock(sku, 1, 0, 0);
        assertThat(outboxed(COMMITTED, released) + outboxed(COMMITTED, rejected) + outboxed(RELEASED, rejected)).isZero();
    }

    @Test
    void committingAnUnknownOrderIsNotFoundAndRecordsNothing() {
        String order = newOrderId();

        DomainException.NotFound problem = catchThrowableOfType(DomainException.NotFound.class, () -> commit(order));

        assertThat(problem.id()).isEqualTo(order);
        assertThat(problem.getMessage()).contains(order);
        assertThat(reservationStatus(order)).isEmpty();
    }

    @Test
    void unitsAreConservedThroughReserveCommitReleaseAndTombstone() {
        String sku = stockedSku(20);
        String a = newOrderId();
        String b = newOrderId();
        String c = newOrderId();
        List<Runnable> steps = List.of(
                () -> reserve(a, sku, 5), () -> reserve(b, sku, 7), () -> reserve(a, sku, 5), () -> commit(a),
                () -> reserve(c, sku, 9), () -> release(b), () -> release(b), () -> release(a), () -> commit(a),
                () -> release(c), () -> reserve(c, sku, 1), () -> commit(b));
        for (Runnable step : steps) {
            step.run();
            JsonObject s = stock(sku);
            assertThat(s.getInt("available") + s.getInt("reserved") + s.getInt("committed")).as(s.toString()).isEqualTo(20);
            assertThat(s.getInt("available")).isNotNegative();
        }
        assertStock(sku, 20, 0, 0);
    }

    @Test
    void adminSetsAvailableWithoutTouchingWhatOrdersHold() {
        String sku = stockedSku(10);
        String reserved = newOrderId();
        String sold = newOrderId();
        reserve(reserved, sku, 2);
        reserve(sold, sku, 3);
        commit(sold);

        JsonObject adjusted = InventoryApi.setAvailable(sku, 50);

        assertThat(adjusted.getInt("available")).isEqualTo(50);
        assertStock(sku, 50, 2, 3);
        release(reserved);
        release(sold);
        assertStock(sku, 55, 0, 0);
        assertThat(InventoryApi.setAvailable(sku, 0).getInt("available")).isZero();
    }

    @Test
    void adminCreatesAnUnknownSkuWithNothingHeld() {
        JsonObject created = InventoryApi.setAvailable("NEW-STOCKED-1", 12);

        assertThat(created.getString("sku")).isEqualTo("NEW-STOCKED-1");
        assertStock("NEW-STOCKED-1", 12, 0, 0);
        assertThat(ok(http().get("/stock/NEW-STOCKED-1")).getInt("available")).isEqualTo(12);
    }

    static Stream<Arguments> badAdjustments() {
        return Stream.of(
                Arguments.of("negative", "KIT-PRS-8", "{\"available\":-1}", 400, "validation"),
                Arguments.of("too many", "KIT-PRS-8", "{\"available\":1000001}", 400, "validation"),
                Arguments.of("wraps to 5 as an int", "KIT-PRS-8", "{\"available\":4294967301}", 400, "validation"),
                Arguments.of("fractional", "KIT-PRS-8", "{\"available\":2.5}", 400, "validation"),
                Arguments.of("missing", "KIT-PRS-8", "{}", 400, "validation"),
                Arguments.of("not a number", "KIT-PRS-8", "{\"available\":\"lots\"}", 400, "malformed-request"),
                Arguments.of("unknown field", "KIT-PRS-8", "{\"available\":5,\"reserved\":0}", 400, "validation"),
                Arguments.of("malformed", "KIT-PRS-8", "{\"available\":", 400, "malformed-request"),
                Arguments.of("bad sku", "bad-sku", "{\"available\":5}", 400, "validation"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badAdjustments")
    void badStockAdjustmentIsAProblemAndChangesNothing(String what, String sku, String body, int status, String kind) {
        JsonObject before = stock("KIT-PRS-8");

        JsonObject problem = problem(http().send("PUT", "/admin/stock/" + sku, JSON, body), status);

        assertThat(problem.getString("type")).isEqualTo("https://mosaic.dev/problems/" + kind);
        assertThat(stock("KIT-PRS-8")).isEqualTo(before);
        if (!sku.equals("KIT-PRS-8")) {
            problem(http().get("/admin/stock/" + sku), 404);
        }
    }

    @Test
    void badOrderIdInAReleaseOrCommitIsInvalidAndRecordsNothing() {
        String tooLong = "o".repeat(101);

        for (Runnable call : List.<Runnable>of(() -> release(tooLong), () -> commit(tooLong), () -> release("bad id"))) {
            assertThat(catchThrowableOfType(DomainException.Invalid.class, call::run)).isNotNull();
        }

        assertThat(reservationStatus(tooLong)).isEmpty();
        assertThat(reservationStatus("bad id")).isEmpty();
        assertThat(outboxed(RELEASED, tooLong)).isZero();
    }

    @Test
    void concurrentReservesNeverOversellTheLastUnits() throws Exception {
        String sku = stockedSku(5);

        List<JsonObject> answers = race(20, () -> reserve(newOrderId(), sku, 1));

        Map<String, Long> byStatus = answers.stream().collect(Collectors.groupingBy(a -> a.getString("status"), Collectors.counting()));
        assertThat(byStatus).containsExactlyInAnyOrderEntriesOf(Map.of("RESERVED", 5L, "REJECTED", 15L));
        assertStock(sku, 0, 5, 0);
        answers.stream().filter(a -> a.getString("status").equals("REJECTED")).forEach(a ->
                assertThat(a.getJsonArray("unavailable").getJsonObject(0).getInt("available")).isZero());
    }

    @Test
    void theSameReserveSentManyTimesAtOnceHoldsUnitsOnce() throws Exception {
        String sku = stockedSku(10);
        String order = newOrderId();

        List<JsonObject> answers = race(8, () -> reserve(order, sku, 3));

        assertThat(answers).allSatisfy(a -> assertThat(a.getString("status")).isEqualTo("RESERVED"));
        assertStock(sku, 7, 3, 0);
        assertThat(outboxed(RESERVED, order)).isEqualTo(1);
    }

    @Test
    void everyAnswerCarriesARequestIdAndEchoesTheCallersOne() {
        HttpResponse<String> mine = http().send("GET", "/stock/COF-ETH-250", null, null, Map.of("X-Request-Id", "req-inv-1"));
        HttpResponse<String> missing = http().get("/admin/stock/NO-SUCH-SKU-2");

        assertThat(mine.headers().firstValue("X-Request-Id")).hasValue("req-inv-1");
        assertThat(problem(missing, 404).getString("requestId")).isEqualTo(missing.headers().firstValue("X-Request-Id").orElseThrow());
    }

    @Test
    void healthReportsDatabaseAndKafkaAndMetricsAndOpenApiAreServed() {
        Operability.assertOperable(http(), "/stock/{sku}", "/admin/stock/{sku}");
    }

    /** Makes {@code n} reserves at the same moment, each in its own thread and transaction; returns every answer. */
    private static List<JsonObject> race(int n, Callable<JsonObject> reserve) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<JsonObject>> calls = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
            for (int i = 0; i < n; i++) {
                calls.add(pool.submit(() -> {
                    start.await();
                    return reserve.call();
                }));
            }
            start.countDown();
            List<JsonObject> answers = new ArrayList<>();
            for (Future<JsonObject> call : calls) {
                answers.add(call.get());
            }
            return answers;
        }
    }
}
