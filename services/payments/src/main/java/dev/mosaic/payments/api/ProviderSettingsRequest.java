package dev.mosaic.payments.api;

import dev.mosaic.payments.client.SimulatedProvider;
import dev.mosaic.platform.core.Validation;

/** Body of {@code PUT /admin/provider}: both fields required, so the drill's state is explicit. */
public record ProviderSettingsRequest(Long latencyMs, Double failureRate) {

    SimulatedProvider.Settings validate(Validation v) {
        if (v.required(latencyMs, "latencyMs")) {
            v.check(latencyMs >= 0 && latencyMs <= 60_000, "latencyMs", "must be between 0 and 60000 milliseconds");
        }
        if (v.required(failureRate, "failureRate")) {
            v.check(failureRate >= 0.0 && failureRate <= 1.0, "failureRate",
                    "must be between 0.0 (never fails) and 1.0 (always fails)");
        }
        v.throwIfInvalid();
        return new SimulatedProvider.Settings(latencyMs, failureRate);
    }
}
