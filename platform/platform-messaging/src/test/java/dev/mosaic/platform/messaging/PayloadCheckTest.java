package dev.mosaic.platform.messaging;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PayloadCheckTest {

    private record Money(Long amount, String currency) implements PayloadCheck.Amount {
    }

    @Test
    void aPayloadThatKeepsItsContractPasses() {
        assertThatCode(() -> PayloadCheck.of("t.v1").text("o-1", "orderId", 64).optionalText(null, "reason", 10)
                .amount(new Money(1L, "EUR"), "total", true).amount(new Money(0L, "EUR"), "fee", false)
                .that(true, "never").orThrow()).doesNotThrowAnyException();
    }

    @Test
    void everyBrokenFieldIsNamedInOneFailure() {
        assertThatThrownBy(() -> PayloadCheck.of("t.v1").text(" ", "orderId", 64).text("x".repeat(11), "customerId", 10)
                .amount(null, "total", true).amount(new Money(0L, "eur"), "amount", true)
                .amount(new Money(-1L, "EUR"), "fee", false).that(false, "lines must list at least one line").orThrow())
                .isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith("Payload of t.v1 breaks its contract: ")
                .hasMessageContaining("orderId is required")
                .hasMessageContaining("customerId is longer than 10 characters")
                .hasMessageContaining("total is required")
                .hasMessageContaining("amount.amount must be positive (minor units), was 0")
                .hasMessageContaining("amount.currency must be an ISO 4217 code")
                .hasMessageContaining("fee.amount must not be negative")
                .hasMessageContaining("lines must list at least one line");
    }
}
