package dev.mosaic.payments;

import dev.mosaic.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** The domain holds the business rules and its ports; the doors and adapters around it depend on it, not it on them. */
class ArchitectureTest {

    @Test
    void theDomainKnowsNoAdapter() {
        ArchitectureRules.assertDomainKnowsNoAdapter("dev.mosaic.payments");
    }
}
