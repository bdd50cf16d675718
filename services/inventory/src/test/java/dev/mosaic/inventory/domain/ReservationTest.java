package dev.mosaic.inventory.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A reservation's states and what each transition does to the stock rows it holds. */
class ReservationTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final List<Line> LINES = List.of(new Line("COF-ETH-250", 3), new Line("TEA-SEN-100", 2));

    private Map<String, Stock> stock() {
        return Map.of("COF-ETH-250", new Stock("COF-ETH-250", 10, NOW), "TEA-SEN-100", new Stock("TEA-SEN-100", 5, NOW));
    }

    /** A reservation brought to {@code state} over {@code stock}. */
    private static Reservation in(String state, Map<String, Stock> stock) {
        return switch (state) {
            case "RESERVED" -> Reservation.reserve("o-1", LINES, stock, NOW);
            case "COMMITTED" -> {
                Reservation r = Reservation.reserve("o-1", LINES, stock, NOW);
                r.commit(stock, NOW);
                yield r;
            }
            case "RELEASED" -> {
                Reservation r = Reservation.reserve("o-1", LINES, stock, NOW);
                r.release(stock, NOW);
                yield r;
            }
            case "TOMBSTONE" -> Reservation.tombstone("o-1", NOW);
            case "REJECTED" -> Reservation.reject("o-1", LINES, List.of(new Unavailable("TEA-SEN-100", 2, 1)), NOW);
            default -> throw new IllegalArgumentException(state);
        };
    }

    private static String counts(Map<String, Stock> stock) {
        Function<Stock, String> c = s -> s.available() + "/" + s.reserved() + "/" + s.committed();
        return c.apply(stock.get("COF-ETH-250")) + " " + c.apply(stock.get("TEA-SEN-100"));
    }

    @ParameterizedTest(name = "{0}: holds units {1}, stock {2}")
    @CsvSource({
            "RESERVED,  true,  7/3/0 3/2/0",
            "COMMITTED, true,  7/0/3 3/0/2",
            "RELEASED,  false, 10/0/0 5/0/0",
            "TOMBSTONE, false, 10/0/0 5/0/0",
            "REJECTED,  false, 10/0/0 5/0/0",
    })
    void eachStateHoldsWhatItSays(String state, boolean holds, String stockAfter) {
        Map<String, Stock> stock = stock();

        Reservation r = in(state, stock);

        assertThat(r.holdsUnits()).isEqualTo(holds);
        assertThat(counts(stock)).isEqualTo(stockAfter);
        assertThat(r.status().name()).isEqualTo(state.equals("TOMBSTONE") ? "RELEASED" : state);
    }

    @ParameterizedTest(name = "{1} from {0} -> {2}")
    @CsvSource({
            // state, operation, outcome (a status, or the refusal), stock after the operation
            "RESERVED,  commit,  COMMITTED, 7/0/3 3/0/2",
            "RESERVED,  release, RELEASED,  10/0/0 5/0/0",
            "COMMITTED, release, RELEASED,  10/0/0 5/0/0",
            "COMMITTED, commit,  refused,   7/0/3 3/0/2",
            "RELEASED,  commit,  refused,   10/0/0 5/0/0",
            "RELEASED,  release, refused,   10/0/0 5/0/0",
            "REJECTED,  commit,  refused,   10/0/0 5/0/0",
            "REJECTED,  release, refused,   10/0/0 5/0/0",
            "TOMBSTONE, commit,  refused,   10/0/0 5/0/0",
    })
    void transitionsMoveUnitsOnceAndRefuseFromAStateThatHoldsNothingToMove(String state, String operation, String outcome,
                                                                          String stockAfter) {
        Map<String, Stock> stock = stock();
        Reservation r = in(state, stock);
        Runnable op = operation.equals("commit") ? () -> r.commit(stock, NOW) : () -> r.release(stock, NOW);

        if (outcome.equals("refused")) {
            assertThatThrownBy(op::run).isInstanceOf(IllegalStateException.class).hasMessageContaining("o-1");
        } else {
            op.run();
            assertThat(r.status().name()).isEqualTo(outcome);
        }
        assertThat(counts(stock)).isEqualTo(stockAfter);
    }

    @Test
    void aTombstoneReleasedAgainStaysATombstoneSinceItHasNoLinesToGiveBack() {
        Map<String, Stock> stock = stock();
        Reservation tombstone = Reservation.tombstone("o-1", NOW);

        tombstone.release(stock, NOW);

        assertThat(tombstone.status()).isEqualTo(ReservationStatus.RELEASED);
        assertThat(tombstone.lines()).isEmpty();
        assertThat(counts(stock)).isEqualTo("10/0/0 5/0/0");
    }

    @Test
    void aRejectedReservationKeepsWhatWasAskedAndListsOnlyTheLinesThatDidNotFit() {
        Reservation r = in("REJECTED", stock());

        assertThat(r.lines()).isEqualTo(LINES);
        assertThat(r.unavailable()).containsExactly(new Unavailable("TEA-SEN-100", 2, 1));
        assertThat(r.skus()).containsExactly("COF-ETH-250", "TEA-SEN-100");
        assertThat(in("RESERVED", stock()).unavailable()).isEmpty();
    }
}
