package dev.mosaic.inventory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.mosaic.inventory.grpc.Correlation;
import dev.mosaic.inventory.grpc.InventoryGrpc;
import dev.mosaic.inventory.grpc.Line;
import dev.mosaic.inventory.grpc.ReservationReply;
import dev.mosaic.inventory.grpc.ReserveRequest;
import dev.mosaic.inventory.messaging.OutboxReservationEvents;
import dev.mosaic.platform.messaging.CloudEvent;
import dev.mosaic.testing.ServiceInfra;
import dev.mosaic.testing.ServicePort;
import dev.mosaic.testing.TestKafka;
import dev.mosaic.testing.TestTokens;
import dev.mosaic.testing.TopicProbe;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.mosaic.inventory.InventoryApi.assertStock;
import static dev.mosaic.inventory.InventoryApi.newOrderId;
import static dev.mosaic.inventory.InventoryApi.outboxed;
import static dev.mosaic.inventory.InventoryApi.stock;
import static dev.mosaic.inventory.InventoryApi.stockedSku;
import static dev.mosaic.inventory.messaging.OutboxReservationEvents.RESERVED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The gRPC contract (inventory.proto) end to end: a plain grpc-java client, as orders uses it, over plaintext HTTP/2
 * to the service's one port, with the same effects and idempotency as the {@code stock.reserve} command.
 */
@ExtendWith(ServiceInfra.class)
@HelidonTest
class InventoryGrpcIT {

    private static TopicProbe events;
    private static ManagedChannel channel;
    private InventoryGrpc.InventoryBlockingStub inventory;

    @BeforeAll
    static void subscribe() {
        events = new TopicProbe(TestKafka.bootstrapServers(), OutboxReservationEvents.TOPIC);
    }

    @BeforeEach
    void connect() {
        if (channel == null) {
            // The REST port: Helidon answers HTTP/2 (h2c, prior knowledge) gRPC calls on it too.
            channel = ManagedChannelBuilder.forAddress("127.0.0.1", ServicePort.get()).usePlaintext().build();
        }
        inventory = InventoryGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void close() throws InterruptedException {
        events.close();
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void reserveOverGrpcHoldsTheUnitsAndAnnouncesThem() {
        String sku = stockedSku(10);
        String order = newOrderId();

        ReservationReply reply = inventory.reserve(reserve(order, sku, 4));

        assertThat(reply.getOrderId()).isEqualTo(order);
        assertThat(reply.getStatus()).isEqualTo(ReservationReply.Status.RESERVED);
        assertThat(reply.getUnavailableList()).isEmpty();
        assertStock(sku, 6, 4, 0);
        events.awaitEvent(RESERVED, e -> order.equals(e.subject()), Duration.ofSeconds(10));
        assertThat(InventoryApi.reservationStatus(order)).hasValue("RESERVED");
    }

    @Test
    void reservingTwiceOverGrpcHoldsUnitsOnce() {
        String sku = stockedSku(10);
        String order = newOrderId();

        ReservationReply first = inventory.reserve(reserve(order, sku, 4));
        ReservationReply again = inventory.reserve(reserve(order, sku, 4));

        assertThat(again).isEqualTo(first);
        assertStock(sku, 6, 4, 0);
        assertThat(outboxed(RESERVED, order)).isEqualTo(1);
    }

    @Test
    void theEventOfAReserveContinuesTheCallersRequestTraceAndOrder() {
        String sku = stockedSku(5);
        String order = newOrderId();
        String callerSpan = "00f067aa0ba902b7";

        inventory.reserve(ReserveRequest.newBuilder(reserve(order, sku, 1)).setCorrelation(asOrders()
                .setRequestId("grpc-req-" + order)
                .setTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-" + callerSpan + "-01")).build());

        CloudEvent reserved = events.awaitEvent(RESERVED, e -> order.equals(e.subject()), Duration.ofSeconds(10));
        assertThat(reserved.extensions()).containsEntry("correlationid", "grpc-req-" + order);
        assertThat(reserved.extensions().get("traceparent"))
                .matches("00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01")
                .doesNotContain(callerSpan);
    }

    @Test
    void aReserveThatDoesNotFitIsRejectedWithWhatIsUnavailable() {
        String scarce = stockedSku(2);
        String order = newOrderId();

        ReservationReply reply = inventory.reserve(ReserveRequest.newBuilder().setCorrelation(asOrders()).setOrderId(order)
                .addLines(line(scarce, 3)).addLines(line("NO-SUCH-SKU-2", 1)).build());

        assertThat(reply.getStatus()).isEqualTo(ReservationReply.Status.REJECTED);
        assertThat(reply.getUnavailableList()).hasSize(2);
        assertThat(reply.getUnavailable(0).getSku()).isEqualTo(scarce);
        assertThat(reply.getUnavailable(0).getRequested()).isEqualTo(3);
        assertThat(reply.getUnavailable(0).getAvailable()).isEqualTo(2);
        assertThat(reply.getUnavailable(1).getAvailable()).isZero();
        assertStock(scarce, 2, 0, 0);
    }

    @Test
    void aReserveRepeatedAfterTheOrderMovedOnIsAnsweredWithItsStateAndChangesNothing() {
        String sku = stockedSku(10);
        String sold = newOrderId();
        inventory.reserve(reserve(sold, sku, 4));
        InventoryApi.commit(sold); // what order.confirmed does
        String cancelledFirst = newOrderId();
        InventoryApi.release(cancelledFirst); // order.cancelled overtook the reserve: a tombstone

        ReservationReply committed = inventory.reserve(reserve(sold, sku, 4));
        ReservationReply late = inventory.reserve(reserve(cancelledFirst, sku, 1));

        assertThat(committed.getStatus()).isEqualTo(ReservationReply.Status.COMMITTED);
        assertThat(late.getStatus()).isEqualTo(ReservationReply.Status.RELEASED);
        assertStock(sku, 6, 0, 4);
        assertThat(outboxed(RESERVED, sold)).isEqualTo(1);
        assertThat(outboxed(RESERVED, cancelledFirst)).isZero();
    }

    static Stream<Arguments> badRequests() {
        String sku = "COF-COL-250";
        return Stream.of(
                Arguments.of("empty order id", reserve("", sku, 1), "orderId: is required"),
                Arguments.of("bad order id", reserve("has spaces", sku, 1), "orderId: must be"),
                Arguments.of("no lines", ReserveRequest.newBuilder().setCorrelation(asOrders()).setOrderId("grpc-bad-1").build(), "lines: must list 1 to 50 lines"),
                Arguments.of("zero quantity", reserve("grpc-bad-1", sku, 0), "lines[0].quantity: must be a whole number between 1 and 1000"),
                Arguments.of("negative quantity", reserve("grpc-bad-1", sku, -1), "lines[0].quantity: must be a whole number between 1 and 1000"),
                Arguments.of("huge quantity", reserve("grpc-bad-1", sku, 1001), "lines[0].quantity: must be a whole number between 1 and 1000"),
                Arguments.of("empty sku", reserve("grpc-bad-1", "", 1), "lines[0].sku: is required"),
                Arguments.of("duplicate sku", ReserveRequest.newBuilder().setCorrelation(asOrders()).setOrderId("grpc-bad-1")
                        .addLines(line(sku, 1)).addLines(line(sku, 1)).build(), "lines[1].sku: repeats lines[0]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badReserveIsInvalidArgumentAndChangesNothing(String what, ReserveRequest request, String description) {
        JsonObject before = stock("COF-COL-250");

        StatusRuntimeException error = catchThrowableOfType(StatusRuntimeException.class, () -> inventory.reserve(request));

        assertThat(error.getStatus().getCode()).as(error.getStatus().toString()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(error.getStatus().getDescription()).contains(description).doesNotContain("Exception");
        assertThat(stock("COF-COL-250")).isEqualTo(before);
        assertThat(InventoryApi.reservationStatus("grpc-bad-1")).isEmpty();
    }

    @Test
    void onlyOrdersMayReserveAndARefusedCallChangesNothing() {
        String sku = stockedSku(10);
        String order = newOrderId();
        JsonObject before = stock(sku);
        Map<String, Correlation.Builder> callers = Map.of(
                "no token", Correlation.newBuilder(),
                "a forged token", Correlation.newBuilder().setWorkloadToken("eyJhbGciOiJub25lIn0.eyJzdWIiOiJvcmRlcnMifQ."),
                "the gateway's token", Correlation.newBuilder().setWorkloadToken(TestTokens.workload("gateway").substring(7)),
                "a customer's token", Correlation.newBuilder().setWorkloadToken(TestTokens.customer("c-1").substring(7)));
        callers.forEach((who, correlation) -> {
            StatusRuntimeException error = catchThrowableOfType(StatusRuntimeException.class, () -> inventory.reserve(
                    ReserveRequest.newBuilder(reserve(order, sku, 4)).setCorrelation(correlation).build()));
            assertThat(error.getStatus().getCode()).as(who + ": " + error.getStatus())
                    .isIn(Status.Code.UNAUTHENTICATED, Status.Code.PERMISSION_DENIED);
            assertThat(error.getStatus().getCode() == Status.Code.PERMISSION_DENIED).as(who).isEqualTo(who.equals("the gateway's token"));
        });
        assertThat(stock(sku)).isEqualTo(before);
        assertThat(InventoryApi.reservationStatus(order)).isEmpty();
    }

    /** Calls as orders, the only workload inventory lets reserve (its token travels in the message). */
    private static Correlation.Builder asOrders() {
        return Correlation.newBuilder().setWorkloadToken(TestTokens.workload("orders").substring("Bearer ".length()));
    }

    private static ReserveRequest reserve(String orderId, String sku, int quantity) {
        return ReserveRequest.newBuilder().setCorrelation(asOrders()).setOrderId(orderId).addLines(line(sku, quantity)).build();
    }

    private static Line line(String sku, int quantity) {
        return Line.newBuilder().setSku(sku).setQuantity(quantity).build();
    }
}
