package dev.mosaic.platform.data;

import java.sql.Connection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the service's own database hands out a working connection within two seconds. */
@Readiness
@ApplicationScoped
public class DatabaseReadinessCheck implements HealthCheck {

    private final String serviceName;

    @Inject
    public DatabaseReadinessCheck(@ConfigProperty(name = "mosaic.service.name") String serviceName) {
        this.serviceName = serviceName;
    }

    @Override
    public HealthCheckResponse call() {
        try (Connection connection = DataSources.named(serviceName).getConnection()) {
            boolean valid = connection.isValid(2);
            return HealthCheckResponse.named("database").status(valid)
                    .withData("product", connection.getMetaData().getDatabaseProductName()).build();
        } catch (Exception e) {
            return HealthCheckResponse.named("database").down()
                    .withData("error", "No connection to the " + serviceName + " database: " + e.getMessage()).build();
        }
    }
}
