package dev.mosaic.inventory.domain;

import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Units move between available, reserved and committed, never below zero, and only an adjustment changes their sum. */
class StockTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    /** Stock that an adjustment set to 10 and orders then moved to {@code available, reserved, committed}. */
    private static Stock stock(int available, int reserved, int committed) {
        Stock s = new Stock("COF-ETH-250", available + reserved + committed, NOW);
        if (reserved + committed > 0) {
            s.reserve(reserved + committed, NOW);
        }
        if (committed > 0) {
            s.commitReserved(committed, NOW);
        }
        return s;
    }

    private static BiConsumer<Stock, Integer> operation(String name) {
        return switch (name) {
            case "reserve" -> (s, q) -> s.reserve(q, NOW);
            case "commit" -> (s, q) -> s.commitReserved(q, NOW);
            case "release reserved" -> (s, q) -> s.releaseReserved(q, NOW);
            case "release committed" -> (s, q) -> s.releaseCommitted(q, NOW);
            case "set available to" -> (s, q) -> s.setAvailable(q, NOW);
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParameterizedTest(name = "{3} {4} of ({0},{1},{2}) -> ({5},{6},{7})")
    @CsvSource({
            // available, reserved, committed, operation, quantity, then available, reserved, committed
            "10, 0, 0, reserve,           3,  7, 3, 0",
            "3,  0, 0, reserve,           3,  0, 3, 0",
            "7,  3, 0, commit,            3,  7, 0, 3",
            "7,  3, 0, commit,            1,  7, 2, 1",
            "7,  3, 0, release reserved,  3, 10, 0, 0",
            "7,  0, 3, release committed, 3, 10, 0, 0",
            "7,  2, 1, set available to, 50, 50, 2, 1",
            "7,  2, 1, set available to,  0,  0, 2, 1",
    })
    void unitsMoveBetweenTheThreeCounts(int available, int reserved, int committed, String op, int quantity,
                                        int availableAfter, int reservedAfter, int committedAfter) {
        Stock s = stock(available, reserved, committed);
        int before = s.available() + s.reserved() + s.committed();

        operation(op).accept(s, quantity);

        assertThat(List.of(s.available(), s.reserved(), s.committed()))
                .containsExactly(availableAfter, reservedAfter, committedAfter);
        if (!op.equals("set available to")) {
            assertThat(s.available() + s.reserved() + s.committed()).as("units conserved").isEqualTo(before);
        }
    }

    @ParameterizedTest(name = "{3} {4} of ({0},{1},{2}) is refused")
    @CsvSource({
            "2, 0, 0, reserve,            3",
            "7, 3, 0, commit,             4",
            "7, 3, 0, release reserved,   4",
            "7, 0, 3, release committed,  4",
            "7, 0, 0, commit,             1",
            "7, 0, 0, set available to,  -1",
            // A negative or zero quantity would create units or be a no-op that hides a bug upstream.
            "7, 0, 0, reserve,           -1",
            "7, 0, 0, reserve,            0",
            "7, 3, 0, commit,            -1",
            "7, 3, 0, release reserved,  -1",
            "7, 0, 3, release committed, -1",
    })
    void aMoveThatWouldMakeACountNegativeOrIsNotAMoveIsRefusedAndChangesNothing(int available, int reserved, int committed,
                                                                                String op, int quantity) {
        Stock s = stock(available, reserved, committed);

        assertThatThrownBy(() -> operation(op).accept(s, quantity)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Cannot " + op + " " + quantity + " of COF-ETH-250");
        assertThat(List.of(s.available(), s.reserved(), s.committed())).containsExactly(available, reserved, committed);
    }

    @ParameterizedTest(name = "\"{0}\" is a sku: {1}")
    @CsvSource(nullValues = "null", value = {
            "COF-ETH-250, true", "ABC, true", "A1-, true", "AB, false", "cof-eth-250, false", "-AB, false",
            "'', false", "null, false", "COF ETH, false", "0123456789012345678901234567890123456789012345678901234567890123, true",
            "01234567890123456789012345678901234567890123456789012345678901234, false"})
    void skusAreThreeToSixtyFourUpperCaseLettersDigitsOrDashes(String sku, boolean valid) {
        assertThat(Stock.isSku(sku)).isEqualTo(valid);
    }
}
