package dev.mosaic.payments.client;

import java.time.Duration;

import dev.mosaic.payments.domain.Money;
import dev.mosaic.payments.domain.PaymentProvider;
import dev.mosaic.payments.domain.ProviderUnavailableException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The simulated provider's rules, with a random source the test controls. */
class SimulatedProviderTest {

    private static final Money EUR_10 = new Money(1000, "EUR");

    @Test
    void okTokenAuthorizesWithTheSameReferenceForTheSameOrder() {
        SimulatedProvider provider = provider(0, 0.0, 0.5);

        PaymentProvider.Authorization first = provider.authorize("order-1", EUR_10, "tok_ok");
        PaymentProvider.Authorization again = provider.authorize("order-1", EUR_10, "tok_ok");

        assertThat(first.approved()).isTrue();
        assertThat(first.reference()).startsWith("sim_").isEqualTo(again.reference());
        assertThat(provider.authorize("order-2", EUR_10, "tok_ok").reference()).isNotEqualTo(first.reference());
    }

    @Test
    void declineTokenIsDeclinedAsCardDeclined() {
        PaymentProvider.Authorization answer = provider(0, 0.0, 0.5).authorize("order-1", EUR_10, "tok_decline");

        assertThat(answer.approved()).isFalse();
        assertThat(answer.declineReason()).isEqualTo("CARD_DECLINED");
    }

    @Test
    void anyOtherTokenIsDeclinedAsUnknown() {
        assertThat(provider(0, 0.0, 0.5).authorize("order-1", EUR_10, "tok_visa_4242").declineReason())
                .isEqualTo("UNKNOWN_TOKEN");
    }

    @Test
    void failsWhenTheRandomDrawFallsBelowTheFailureRate() {
        assertThatThrownBy(() -> provider(0, 0.5, 0.49).authorize("order-1", EUR_10, "tok_ok"))
                .isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("order-1");
        assertThat(provider(0, 0.5, 0.5).authorize("order-1", EUR_10, "tok_ok").approved()).isTrue();
        assertThatThrownBy(() -> provider(0, 0.5, 0.1).refund("order-1", "sim_x", EUR_10))
                .isInstanceOf(ProviderUnavailableException.class);
    }

    @Test
    void rateOneAlwaysFailsAndRateZeroNever() {
        assertThatThrownBy(() -> provider(0, 1.0, 0.999_999).authorize("order-1", EUR_10, "tok_decline"))
                .isInstanceOf(ProviderUnavailableException.class);
        assertThat(provider(0, 0.0, 0.0).authorize("order-1", EUR_10, "tok_ok").approved()).isTrue();
    }

    @Test
    void countsOnlyCallsThatGotAnAnswer() {
        SimulatedProvider provider = provider(0, 0.0, 0.5);
        provider.authorize("order-1", EUR_10, "tok_ok");
        provider.authorize("order-2", EUR_10, "tok_decline");
        provider.refund("order-1", "sim_x", EUR_10);
        provider.configure(new SimulatedProvider.Settings(0, 1.0));
        assertThatThrownBy(() -> provider.authorize("order-3", EUR_10, "tok_ok")).isInstanceOf(ProviderUnavailableException.class);

        assertThat(provider.authorizations()).isEqualTo(2);
        assertThat(provider.refunds()).isEqualTo(1);
    }

    @Test
    void latencySlowsEveryCallDown() {
        SimulatedProvider provider = provider(50, 0.0, 0.5);

        long start = System.nanoTime();
        provider.authorize("order-1", EUR_10, "tok_ok");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
    }

    @Test
    void settingsOutOfRangeAreRefused() {
        assertThatThrownBy(() -> new SimulatedProvider.Settings(0, 1.01)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SimulatedProvider.Settings(0, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SimulatedProvider.Settings(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static SimulatedProvider provider(long latencyMs, double failureRate, double draw) {
        return new SimulatedProvider(new SimulatedProvider.Settings(latencyMs, failureRate), () -> draw);
    }
}
