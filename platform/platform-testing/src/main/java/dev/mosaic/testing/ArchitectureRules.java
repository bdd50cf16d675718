package dev.mosaic.testing;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The shape every service keeps, checked on its compiled classes (ArchUnit): its {@code domain} package holds the
 * business rules and the ports they need, and knows nothing of the doors and adapters around it. It depends on none
 * of the service's {@code api}, {@code persistence}, {@code messaging} or {@code client} packages, on no HTTP, gRPC
 * or Kafka type, and on no platform-web type (a refusal is a {@code DomainException}, which each door translates).
 * The adapters implement the domain's ports ({@code OrderRepository}, {@code SagaMessages}, ...), never the reverse.
 */
public final class ArchitectureRules {

    private ArchitectureRules() {
    }

    /** Fails, listing every offending dependency, when a class of {@code basePackage}.domain breaks the rule. */
    public static void assertDomainKnowsNoAdapter(String basePackage) {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(basePackage);
        domainKnowsNoAdapter(basePackage).check(classes);
    }

    static ArchRule domainKnowsNoAdapter(String basePackage) {
        return noClasses().that().resideInAPackage(basePackage + ".domain..")
                .should().dependOnClassesThat().resideInAnyPackage(basePackage + ".api..", basePackage + ".persistence..",
                        basePackage + ".messaging..", basePackage + ".client..", "dev.mosaic.platform.web..",
                        "jakarta.ws.rs..", "io.grpc..", "org.apache.kafka..", "io.helidon.webserver..")
                .because("the domain holds the business rules and its ports; doors and adapters depend on it, not it "
                        + "on them (docs/adr/0001)");
    }
}
