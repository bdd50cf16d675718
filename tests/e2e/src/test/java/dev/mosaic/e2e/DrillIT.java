package dev.mosaic.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The short failure drill, {@code ./mosaic drill --short}, as a user runs it: under a steady load through the
 * gateway it SIGKILLs orders and payments and restarts them, and slows inventory down by 2 s behind a fault proxy.
 * It must lose no order, charge none wrongly, conserve stock, keep browsing up while orders is down, and leave
 * nothing running. The drill's stack lives in {@code target/drill-home/drill}, every port shifted by 23000.
 */
class DrillIT {

    /**
     * On H2 by default. In CI's PostgreSQL pass ({@code MOSAIC_TEST_PG_URL} set) the drill runs with
     * {@code MOSAIC_DB=postgres}, on a PostgreSQL cluster of its own that it creates and removes.
     */
    private static final boolean POSTGRES = System.getenv("MOSAIC_TEST_PG_URL") != null
            && !System.getenv("MOSAIC_TEST_PG_URL").isBlank();
    private static final MosaicStack STACK = new MosaicStack("drill", 23000,
            POSTGRES ? Map.of("MOSAIC_DB", "postgres") : Map.of());
    private static final Duration DRILL_TIMEOUT = Duration.ofMinutes(10);

    private static MosaicStack.Result drill;
    private static Properties result;

    @BeforeAll
    static void runTheShortDrill() throws IOException {
        List<Path> missing = MosaicStack.missingJars("services/catalog/target/catalog-service.jar",
                "services/inventory/target/inventory-service.jar", "services/orders/target/orders-service.jar",
                "services/payments/target/payments-service.jar", "services/notifications/target/notifications-service.jar",
                "gateway/target/gateway.jar", "drill/target/drill.jar");
        Assumptions.assumeTrue(missing.isEmpty(), () -> "Skipping the failure drill: the jars are not built: " + missing
                + ". Run ./mvnw verify (or ./mvnw -B -DskipTests package) first.");
        STACK.clean();
        drill = STACK.run(DRILL_TIMEOUT, "drill", "--short");
        Path numbers = drillHome().resolve("result.properties");
        assertThat(numbers).as("the drill's numbers; it printed:\n%s", drill.output()).exists();
        result = new Properties();
        try (Reader reader = Files.newBufferedReader(numbers)) {
            result.load(reader);
        }
    }

    @AfterAll
    static void leaveNothingRunning() {
        MosaicStack.leftovers(drillHome()).forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    private static Path drillHome() {
        return STACK.home().resolve("drill");
    }

    @Test
    void noAcceptedOrderIsLostNoneIsChargedWronglyAndStockIsConserved() {
        assertThat(Integer.parseInt(result.getProperty("drill.orders"))).as("orders accepted during the drill").isGreaterThan(10);
        assertThat(result).containsEntry("drill.lost", "0").containsEntry("drill.chargeProblems", "0")
                .containsEntry("drill.stockProblems", "0");
    }

    @Test
    void browsingKeepsWorkingWhileOrdersIsDown() {
        int ok = Integer.parseInt(result.getProperty("fault.kill-orders.during.browse.ok"));
        int failed = Integer.parseInt(result.getProperty("fault.kill-orders.during.browse.failed"));
        int placed = Integer.parseInt(result.getProperty("fault.kill-orders.during.place.ok"));
        assertThat(ok).as("product pages served while orders was down").isGreaterThan(0);
        assertThat(failed).as("product pages that failed while orders was down").isLessThanOrEqualTo(ok / 50);
        assertThat(placed).as("orders accepted while orders was down").isZero();
    }

    @Test
    void ordersAreAcceptedWhilePaymentsIsDownAndWhileInventoryIsSlow() {
        assertThat(Integer.parseInt(result.getProperty("fault.kill-payments.during.place.ok"))).isGreaterThan(0);
        assertThat(Integer.parseInt(result.getProperty("fault.slow-inventory.during.place.ok"))).isGreaterThan(0);
        // orders' reservation gives up after its 1.5 s budget and queues the reservation instead
        long normal = Long.parseLong(result.getProperty("baseline.place.p99Millis"));
        assertThat(Long.parseLong(result.getProperty("fault.slow-inventory.during.place.p99Millis")))
                .as("p99 of placing an order while inventory answers 2 s late (%d ms without the fault)", normal)
                .isLessThanOrEqualTo(normal + 1500);
    }

    @Test
    void everyFaultPassesRecoversAndTheDrillSaysSo() {
        for (String fault : List.of("kill-orders", "kill-payments", "slow-inventory")) {
            assertThat(result.getProperty("fault." + fault + ".verdict")).as(fault + ": " + result.getProperty("fault." + fault + ".notes"))
                    .isEqualTo("PASS");
            assertThat(result.getProperty("fault." + fault + ".recoveryMillis")).as(fault + " recovered").isNotNull();
        }
        assertThat(drill.exitCode()).as(drill.output()).isZero();
        assertThat(drill.output()).contains("SIGKILL orders", "SIGKILL payments", "inventory answers orders 2 s late",
                "PASS: ");
        if (POSTGRES) {
            assertThat(drill.output()).contains("starting a PostgreSQL cluster of its own").doesNotContain("no PostgreSQL cluster");
        }
    }

    @Test
    void theDrillTearsDownEverythingItStarted() {
        assertThat(MosaicStack.leftovers(drillHome())).as("processes of the drill's stack after it ended").isEmpty();
        assertThat(drill.output()).contains("stopping the drill's stack");
    }
}
