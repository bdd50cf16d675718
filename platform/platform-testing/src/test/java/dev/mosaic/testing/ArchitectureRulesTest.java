package dev.mosaic.testing;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArchitectureRulesTest {

    @Test
    void aDomainClassThatUsesItsServicesApiBreaksTheRuleAndIsNamed() {
        var classes = new ClassFileImporter().importPackages("dev.mosaic.testing.fixture");

        assertThatThrownBy(() -> ArchitectureRules.domainKnowsNoAdapter("dev.mosaic.testing.fixture").check(classes))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("ThingService").hasMessageContaining("ThingResource");
    }

    @Test
    void aBasePackageWithoutADomainFailsRatherThanPassingUnchecked() {
        var classes = new ClassFileImporter().importPackages("dev.mosaic.testing.fixture.api");

        assertThatThrownBy(() -> ArchitectureRules.domainKnowsNoAdapter("dev.mosaic.testing.fixture").check(classes))
                .isInstanceOf(AssertionError.class);
    }
}
