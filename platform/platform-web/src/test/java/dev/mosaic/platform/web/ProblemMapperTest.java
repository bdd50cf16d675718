package dev.mosaic.platform.web;

import dev.mosaic.platform.core.FieldError;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.ProcessingException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemMapperTest {

    @Test
    void problemsThrownByTheDomainKeepTheirStatusAndKindEvenWhenWrapped() {
        var problem = ProblemMapper.classify(new RuntimeException(ProblemException.notFound("order", "o-1")));

        assertThat(problem.status()).isEqualTo(404);
        assertThat(problem.getMessage()).isEqualTo("order 'o-1' does not exist");
    }

    @Test
    void anUnreachableDatabaseIsA503ToRetryNotAnInternalError() {
        // HikariCP's timeout when connecting fails: the driver's failure is its cause and gives its SQLSTATE.
        var refused = new java.sql.SQLException("Connection to 127.0.0.1:5432 refused.", "08001");
        var down = new RuntimeException("Exception [EclipseLink-4002]", new java.sql.SQLTransientConnectionException(
                "orders - Connection is not available, request timed out after 5000ms (Connection to 127.0.0.1:5432 refused.).",
                "08001", refused));

        var problem = ProblemMapper.classify(down);

        assertThat(problem.status()).isEqualTo(503);
        assertThat(problem.retryAfterSeconds()).isEqualTo(2);
        assertThat(problem.getMessage()).contains("database is unavailable").doesNotContain("5000ms", "5432");
    }

    @Test
    void aPoolWhoseConnectionsAreAllBusyIsAnOverloadedServiceNotAnUnavailableDatabase() {
        var busy = new RuntimeException("Exception [EclipseLink-4002]",
                new java.sql.SQLTransientConnectionException("orders - Connection is not available, request timed out after 5000ms."));

        var problem = ProblemMapper.classify(busy);

        assertThat(problem.status()).isEqualTo(503);
        assertThat(problem.retryAfterSeconds()).isEqualTo(2);
        assertThat(problem.getMessage()).contains("overloaded").doesNotContain("database is unavailable", "5000ms");
    }

    @Test
    void aDomainRefusalBecomesTheProblemItsKindMeans() {
        assertThat(ProblemMapper.classify(dev.mosaic.platform.core.DomainException.notFound("order", "o-1")))
                .satisfies(p -> assertThat(p.status()).isEqualTo(404))
                .satisfies(p -> assertThat(p.getMessage()).isEqualTo("order 'o-1' does not exist"));
        assertThat(ProblemMapper.classify(dev.mosaic.platform.core.DomainException.conflict("taken")).status()).isEqualTo(409);
        ProblemException invalid = ProblemMapper.classify(new RuntimeException("wrapped",
                dev.mosaic.platform.core.DomainException.invalid("lines[0].quantity", "must be positive")));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.kind()).isEqualTo("validation");
        assertThat(invalid.errors()).extracting(FieldError::field).containsExactly("lines[0].quantity");
    }

    @Test
    void unknownJsonFieldBecomesAFieldError() {
        var problem = ProblemMapper.classify(new ProcessingException("x",
                new JsonbException("Json property quantiy can not be mapped to a class class Line.")));

        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.errors()).extracting(FieldError::field).containsExactly("quantiy");
    }

    @Test
    void malformedJsonIsA400WithoutServerClassNames() {
        var problem = ProblemMapper.classify(new ProcessingException("x",
                new JsonbException("Unable to deserialize property 'price' because of: dev.mosaic.catalog.api.MoneyView bad")));

        assertThat(problem.kind()).isEqualTo("malformed-request");
        assertThat(problem.getMessage()).doesNotContain("dev.mosaic").contains("MoneyView");
    }

    @Test
    void failingToWriteJsonIsTheServersFaultNotTheClients() {
        var problem = ProblemMapper.classify(new JsonbException("class is not public: Payload"));

        assertThat(problem.status()).isEqualTo(500);
    }

    @Test
    void httpErrorsOfTheFrameworkAreMappedToStableKinds() {
        assertThat(ProblemMapper.classify(new NotSupportedException()).kind()).isEqualTo("unsupported-media-type");
        assertThat(ProblemMapper.classify(new NotAllowedException("GET")).kind()).isEqualTo("method-not-allowed");
    }

    @Test
    void anOpenCircuitIsA503WithRetryAfter() {
        var problem = ProblemMapper.classify(new CircuitBreakerOpenException("open"));

        assertThat(problem.status()).isEqualTo(503);
        assertThat(problem.retryAfterSeconds()).isPositive();
    }

    @Test
    void anythingElseIsA500ThatRevealsNothing() {
        var problem = ProblemMapper.classify(new NullPointerException("secret internals"));

        assertThat(problem.status()).isEqualTo(500);
        assertThat(problem.getMessage()).doesNotContain("secret").doesNotContain("NullPointer");
    }
}
