package dev.mosaic.payments.api;

import dev.mosaic.payments.client.SimulatedProvider;

/** The simulated provider's drill settings and how many calls it answered since start. */
public record ProviderView(long latencyMs, double failureRate, long authorizations, long refunds) {

    static ProviderView of(SimulatedProvider provider) {
        SimulatedProvider.Settings s = provider.settings();
        return new ProviderView(s.latencyMs(), s.failureRate(), provider.authorizations(), provider.refunds());
    }
}
