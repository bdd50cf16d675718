package dev.mosaic.drill;

import java.util.List;

/**
 * One fault of the drill: what is broken and how, what the design promises keeps working meanwhile, which signal
 * says it works again, and the tests that prove the promise.
 *
 * @param id          short name, also for {@code --faults}
 * @param title       what is done, for the table
 * @param action      how it is done
 * @param target      the process (or, for {@link Action#SLOW}, the service behind the proxy)
 * @param keptWorking what customers can still do while the fault lasts (empty: nothing is promised)
 * @param recovery    the signal that shows the service works again
 * @param promise     the behaviour the design promises
 * @param provenBy    the tests that prove it
 */
public record Fault(String id, String title, Action action, String target, List<Operation> keptWorking, Signal recovery,
                    String promise, String provenBy) {

    /** How a fault is made and healed. */
    public enum Action {
        /** SIGKILL the process, later start it again. */
        KILL,
        /** Delay every byte between orders and the target by two seconds (the fault proxy), later remove the delay. */
        SLOW,
        /** Stop the PostgreSQL cluster the services use (immediate mode, like a crash), later start it. */
        STOP_DATABASE
    }

    private static final String SAGA_IT = "SagaIT.";

    /** Every fault of the full drill, in the order it runs them. */
    public static final List<Fault> ALL = List.of(
            new Fault("kill-catalog", "SIGKILL catalog", Action.KILL, "catalog",
                    List.of(Operation.STOCK, Operation.TRACK), Signal.BROWSED,
                    "Browsing answers a 503 problem at once, never hangs. Stock levels and order tracking go on. "
                            + "Placing an order needs the product's price: from orders' replica (fed by catalog.events, on "
                            + "which catalog announces even its demo products), else from catalog, so a product orders has not replicated gets a 503 until catalog is back.",
                    "GatewayIT.upstreamDownAnswers503ProblemQuickly, "
                            + "MosaicCommandIT.stackServesThroughTheGatewaySurvivesAKilledServiceAndStopsWithoutLeftovers, "
                            + "OrdersIT.pricesComeFromTheReplicaFedByCatalogEvents"),
            new Fault("kill-inventory", "SIGKILL inventory", Action.KILL, "inventory",
                    List.of(Operation.PLACE, Operation.BROWSE), Signal.RESERVED_AT_ONCE,
                    "Orders are still accepted (202, PENDING): the reservation goes to the outbox and is made when "
                            + "inventory is back; stock lookups get a 503 meanwhile. No order is lost, stock is conserved.",
                    SAGA_IT + "anOrderPlacedWhileInventoryIsDownIsAcceptedAndConfirmedWhenItReturns, "
                            + "OrdersIT.orderIsAcceptedWhileInventoryIsUnreachableAndProceedsWhenItAnswers"),
            new Fault("kill-orders", "SIGKILL orders", Action.KILL, "orders",
                    List.of(Operation.BROWSE, Operation.STOCK), Signal.ORDER_ACCEPTED,
                    "Browsing and stock lookups go on; order calls get a 503 problem. Every order accepted before the "
                            + "kill is finished after the restart (committed state and outbox survive a SIGKILL).",
                    SAGA_IT + "killingOrdersMidWayLosesNoOrder, "
                            + "OutboxIT.rowLeftBehindByACrashBetweenCommitAndPublishIsPublishedByTheSweep"),
            new Fault("kill-payments", "SIGKILL payments", Action.KILL, "payments",
                    List.of(Operation.PLACE, Operation.BROWSE, Operation.TRACK), Signal.ORDER_CONFIRMED,
                    "Orders are accepted and wait in AWAITING_PAYMENT; the authorize commands wait in Kafka and are "
                            + "handled once payments is back. Each order is charged at most once.",
                    SAGA_IT + "ordersWaitWhilePaymentsIsDownAndCompleteWhenItReturns, "
                            + "SagaIT.paidOrderIsConfirmedCommitsItsStockAndChargesOnce"),
            new Fault("kill-notifications", "SIGKILL notifications", Action.KILL, "notifications",
                    List.of(Operation.PLACE, Operation.BROWSE, Operation.TRACK), Signal.NOTIFICATIONS_READ,
                    "Nothing but the notification list depends on it: orders go through; the events wait in Kafka "
                            + "and each fact is told once when it is back.",
                    "NotificationsIT.theSameFactArrivingAgainAsANewEventIsToldOnce"),
            new Fault("kill-gateway", "SIGKILL gateway", Action.KILL, "gateway",
                    List.of(), Signal.BROWSED,
                    "The only entry point: every call is refused while it is down. Orders already accepted finish "
                            + "behind it, and nothing is lost.",
                    "the drill itself (nothing behind the gateway depends on it)"),
            new Fault("restart-kafka", "SIGKILL and restart the Kafka broker", Action.KILL, "kafka",
                    List.of(Operation.PLACE, Operation.BROWSE, Operation.STOCK), Signal.ORDER_CONFIRMED,
                    "Orders are accepted: their events wait in each service's outbox and are published when the "
                            + "broker is back; sagas resume where they stopped. Nothing committed is lost.",
                    "OutboxIT.committedEventIsPublishedRightAfterCommit, "
                            + "OutboxIT.rowLeftBehindByACrashBetweenCommitAndPublishIsPublishedByTheSweep"),
            new Fault("slow-inventory", "inventory answers orders 2 s late (fault proxy)", Action.SLOW, "inventory",
                    List.of(Operation.PLACE, Operation.BROWSE), Signal.RESERVED_AT_ONCE,
                    "Placing an order costs at most the reservation's 1.5 s budget: the gRPC deadline and timeout end "
                            + "the wait, the breaker opens, and the reservation goes through the outbox and Kafka.",
                    "OrdersIT.orderIsAcceptedWhileInventoryIsUnreachableAndProceedsWhenItAnswers, "
                            + "GatewayIT.slowUpstreamAnswers503AfterRouteTimeoutWhileOtherRequestsProceed"),
            new Fault("stop-postgres", "stop PostgreSQL (immediate, like a crash)", Action.STOP_DATABASE, "postgres",
                    List.of(), Signal.ORDER_ACCEPTED,
                    "Calls that need a database fail with a 503 problem (Retry-After) within the pool's 5 s "
                            + "connection timeout instead of hanging, and readiness says so; events that arrive wait in "
                            + "Kafka instead of being dead-lettered; the services reconnect when it is back, without a "
                            + "restart. Nothing committed is lost.",
                    "DatabaseCrashIT.theServiceRidesOutADatabaseCrashWithoutLosingOrDeadLetteringAnything, "
                            + "ProblemMapperTest.anUnreachableDatabaseIsA503ToRetryNotAnInternalError"));

    /** The short drill CI runs: an outage of orders, of payments, and a slow inventory. */
    public static final List<String> SHORT = List.of("kill-orders", "kill-payments", "slow-inventory");
}
