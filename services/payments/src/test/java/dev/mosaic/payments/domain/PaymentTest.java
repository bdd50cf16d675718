package dev.mosaic.payments.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one payment of an order: how each outcome is recorded, and that only an authorized payment is refunded. */
class PaymentTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant LATER = NOW.plusSeconds(60);
    private static final AuthorizePayment AUTHORIZE = new AuthorizePayment("o-1", "c-1", new Money(2580, "EUR"), "tok_ok");
    private static final RefundPayment REFUND = new RefundPayment("o-1", "c-1", "CUSTOMER_CANCELLED");

    private static Payment in(String status) {
        return switch (status) {
            case "AUTHORIZED" -> Payment.authorized(AUTHORIZE, "sim-123", NOW);
            case "DECLINED" -> Payment.declined(AUTHORIZE, "CARD_DECLINED", NOW);
            case "VOIDED" -> Payment.voided(REFUND, NOW);
            case "REFUNDED" -> {
                Payment p = Payment.authorized(AUTHORIZE, "sim-123", NOW);
                p.refunded("TIMEOUT", NOW);
                yield p;
            }
            default -> throw new IllegalArgumentException(status);
        };
    }

    @ParameterizedTest(name = "{0}: amount {1}, reason {2}, provider reference {3}")
    @CsvSource(nullValues = "none", value = {
            "AUTHORIZED, 2580, none,               sim-123",
            "DECLINED,   2580, CARD_DECLINED,      none",
            "VOIDED,     none, CUSTOMER_CANCELLED, none",
            "REFUNDED,   2580, TIMEOUT,            sim-123",
    })
    void eachOutcomeRecordsWhatItSays(PaymentStatus status, Long amount, String reason, String providerReference) {
        Payment p = in(status.name());

        assertThat(p.status()).isEqualTo(status);
        assertThat(p.orderId()).isEqualTo("o-1");
        assertThat(p.customerId()).isEqualTo("c-1");
        assertThat(p.amount().map(Money::amount).orElse(null)).isEqualTo(amount);
        assertThat(p.amount().map(Money::currency)).isEqualTo(amount == null ? Optional.empty() : Optional.of("EUR"));
        assertThat(p.reason()).isEqualTo(reason);
        assertThat(p.providerReference()).isEqualTo(providerReference);
        assertThat(UUID.fromString(p.paymentId())).isNotNull();
    }

    @ParameterizedTest(name = "refund of {0}: {1}")
    @CsvSource({"AUTHORIZED, REFUNDED", "DECLINED, refused", "VOIDED, refused", "REFUNDED, refused"})
    void onlyAnAuthorizedPaymentIsRefundedAndOnlyOnce(String from, String outcome) {
        Payment p = in(from);
        List<Object> before = List.of(p.status(), String.valueOf(p.reason()), p.updatedAt());

        if (outcome.equals("refused")) {
            assertThatThrownBy(() -> p.refunded("CUSTOMER_CANCELLED", LATER)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("o-1").hasMessageContaining(from);
            assertThat(List.of(p.status(), String.valueOf(p.reason()), p.updatedAt())).isEqualTo(before);
        } else {
            p.refunded("CUSTOMER_CANCELLED", LATER);
            assertThat(p.status()).isEqualTo(PaymentStatus.REFUNDED);
            assertThat(p.reason()).isEqualTo("CUSTOMER_CANCELLED");
            assertThat(p.updatedAt()).isEqualTo(LATER);
            assertThat(p.createdAt()).isEqualTo(NOW);
            assertThat(p.amount()).contains(new Money(2580, "EUR"));
        }
    }

    @Test
    void eachPaymentHasItsOwnId() {
        assertThat(in("AUTHORIZED").paymentId()).isNotEqualTo(in("AUTHORIZED").paymentId());
    }

    @ParameterizedTest(name = "an authorize for {0} is refused")
    @CsvSource({"0", "-1"})
    void onlyAPositiveAmountCanBeAuthorized(long amount) {
        assertThatThrownBy(() -> new AuthorizePayment("o-1", "c-1", new Money(amount, "EUR"), "tok_ok"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
        assertThatThrownBy(() -> new Money(1, null)).isInstanceOf(NullPointerException.class);
    }
}
