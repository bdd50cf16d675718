package dev.mosaic.inventory.domain;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

import dev.mosaic.platform.core.FieldError;
import dev.mosaic.platform.core.DomainException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** What a reserve may ask for, whichever door it came through (gRPC or a {@code stock.reserve} command). */
class ReserveCommandTest {

    /** {@code lines} as {@code sku:quantity,...}; a quantity is read exactly, as a command's JSON number is. */
    private static List<Line> lines(String lines) {
        if (lines == null) {
            return null;
        }
        if (lines.equals("none")) {
            return List.of();
        }
        if (lines.startsWith("many:")) {
            int n = Integer.parseInt(lines.substring("many:".length()));
            return IntStream.range(0, n).mapToObj(i -> new Line("SKU-" + i, 1)).toList();
        }
        List<Line> parsed = new ArrayList<>();
        for (String line : lines.split(",")) {
            if (line.equals("null")) {
                parsed.add(null);
            } else {
                String[] parts = line.split(":");
                parsed.add(Line.of(parts[0], parts.length > 1 ? new BigDecimal(parts[1]) : null));
            }
        }
        return Collections.unmodifiableList(parsed);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "absent", value = {
            "one line                      | order-1      | COF-ETH-250:1                 | ",
            "the largest quantity          | order-1      | COF-ETH-250:1000              | ",
            "a whole number written 2.0    | order-1      | COF-ETH-250:2.0               | ",
            "fifty lines                   | order-1      | many:50                       | ",
            "a UUID order id               | 3f0e8a8e-5bb4-4c3e-9a53-1c2f1e0d9b11 | COF-ETH-250:1 | ",
            "no order id                   | absent       | COF-ETH-250:1                 | orderId",
            "an empty order id             | ''           | COF-ETH-250:1                 | orderId",
            "an order id with a space      | bad id       | COF-ETH-250:1                 | orderId",
            "no lines                      | order-1      | absent                        | lines",
            "an empty list of lines        | order-1      | none                          | lines",
            "fifty-one lines               | order-1      | many:51                       | lines",
            "a null line                   | order-1      | null                          | lines[0]",
            "zero                          | order-1      | COF-ETH-250:0                 | lines[0].quantity",
            "negative                      | order-1      | COF-ETH-250:-2                | lines[0].quantity",
            "over 1000                     | order-1      | COF-ETH-250:1001              | lines[0].quantity",
            "fractional                    | order-1      | COF-ETH-250:1.5               | lines[0].quantity",
            "beyond int                    | order-1      | COF-ETH-250:99999999999       | lines[0].quantity",
            "what an int would wrap to 1   | order-1      | COF-ETH-250:4294967297        | lines[0].quantity",
            "missing quantity              | order-1      | COF-ETH-250                   | lines[0].quantity",
            "lower-case sku                | order-1      | cof-eth-250:1                 | lines[0].sku",
            "the same sku twice            | order-1      | COF-ETH-250:1,TEA-SEN-100:1,COF-ETH-250:2 | lines[2].sku",
            "a null line among others      | order-1      | COF-ETH-250:1,null            | lines[1]",
    })
    void aReserveIsAcceptedOrRefusedNamingEachBadField(String what, String orderId, String lines, String badField) {
        List<Line> asked = lines(lines);

        DomainException.Invalid refusal = catchThrowableOfType(DomainException.Invalid.class, () -> ReserveCommand.of(orderId, asked));

        if (badField == null) {
            assertThat(refusal).as(what).isNull();
            assertThat(ReserveCommand.of(orderId, asked).lines()).isEqualTo(asked);
        } else {
            assertThat(refusal).as(what).isNotNull();
            assertThat(refusal.errors()).extracting(FieldError::field).contains(badField);
        }
    }

    @ParameterizedTest(name = "every error at once: {0}")
    @CsvSource(delimiter = '|', value = {"bad id | cof:0,cof:0 | orderId;lines[0].sku;lines[0].quantity;lines[1].sku;lines[1].quantity"})
    void everyBadFieldIsListedInOneRefusal(String orderId, String lines, String fields) {
        DomainException.Invalid refusal = catchThrowableOfType(DomainException.Invalid.class, () -> ReserveCommand.of(orderId, lines(lines)));

        assertThat(refusal.errors()).extracting(FieldError::field).containsExactly(fields.split(";"));
    }
}
