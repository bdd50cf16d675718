package dev.mosaic.payments.client;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

import dev.mosaic.payments.domain.Money;
import dev.mosaic.payments.domain.PaymentProvider;
import dev.mosaic.payments.domain.ProviderUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A stand-in card processor: {@code tok_ok} authorizes, {@code tok_decline} is declined, any other token is
 * unknown. For failure drills it can be slow ({@code payments.provider.latency-ms}) and flaky
 * ({@code payments.provider.failure-rate}, 0.0–1.0), set in config or at runtime via {@code PUT /admin/provider}.
 */
@ApplicationScoped
public class SimulatedProvider implements PaymentProvider {

    public static final String TOKEN_OK = "tok_ok";
    public static final String TOKEN_DECLINE = "tok_decline";

    /** How slow and how flaky the provider is. */
    public record Settings(long latencyMs, double failureRate) {

        public Settings {
            if (latencyMs < 0 || latencyMs > 60_000) {
                throw new IllegalArgumentException("latencyMs must be between 0 and 60000, was " + latencyMs);
            }
            if (!(failureRate >= 0.0 && failureRate <= 1.0)) {
                throw new IllegalArgumentException("failureRate must be between 0.0 and 1.0, was " + failureRate);
            }
        }
    }

    private final DoubleSupplier random;
    private final AtomicLong authorizations = new AtomicLong();
    private final AtomicLong refunds = new AtomicLong();
    private volatile Settings settings;

    @Inject
    public SimulatedProvider(@ConfigProperty(name = "payments.provider.latency-ms", defaultValue = "0") long latencyMs,
                             @ConfigProperty(name = "payments.provider.failure-rate", defaultValue = "0") double failureRate) {
        this(new Settings(latencyMs, failureRate), () -> ThreadLocalRandom.current().nextDouble());
    }

    /** With a random source of values in [0, 1) that a test controls. */
    public SimulatedProvider(Settings settings, DoubleSupplier random) {
        this.settings = settings;
        this.random = random;
    }

    @Override
    public Authorization authorize(String orderId, Money amount, String paymentToken) {
        behaveAsConfigured("authorize", orderId);
        authorizations.incrementAndGet();
        return switch (paymentToken) {
            // Like a real provider's idempotency key: the same order always gets the same authorization.
            case TOKEN_OK -> Authorization.approved("sim_" + UUID.nameUUIDFromBytes(
                    ("authorization:" + orderId).getBytes(StandardCharsets.UTF_8)));
            case TOKEN_DECLINE -> Authorization.declined(CARD_DECLINED);
            default -> Authorization.declined(UNKNOWN_TOKEN);
        };
    }

    @Override
    public void refund(String orderId, String reference, Money amount) {
        behaveAsConfigured("refund", orderId);
        refunds.incrementAndGet();
    }

    public Settings settings() {
        return settings;
    }

    public void configure(Settings settings) {
        this.settings = settings;
    }

    /** Authorize calls that got an answer (approved or declined) since start. */
    public long authorizations() {
        return authorizations.get();
    }

    /** Refund calls that succeeded since start. */
    public long refunds() {
        return refunds.get();
    }

    private void behaveAsConfigured(String call, String orderId) {
        Settings current = settings;
        if (current.latencyMs() > 0) {
            try {
                Thread.sleep(current.latencyMs());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProviderUnavailableException("Interrupted while waiting for the payment provider");
            }
        }
        if (current.failureRate() > 0 && random.getAsDouble() < current.failureRate()) {
            throw new ProviderUnavailableException("Payment provider failed to " + call + " order " + orderId
                    + " (simulated, failure rate " + current.failureRate() + ")");
        }
    }
}
