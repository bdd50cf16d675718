package dev.mosaic.platform.data;

import javax.sql.DataSource;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.enterprise.inject.literal.NamedLiteral;

/** The service's data source is named after the service ({@code javax.sql.DataSource.<service>.*} config). */
public final class DataSources {

    private DataSources() {
    }

    public static DataSource named(String serviceName) {
        var instance = CDI.current().select(DataSource.class, NamedLiteral.of(serviceName));
        if (!instance.isResolvable()) {
            throw new IllegalStateException("No data source named '" + serviceName + "': configure "
                    + "javax.sql.DataSource." + serviceName + ".jdbcUrl (mosaic.service.name=" + serviceName + ")");
        }
        return instance.get();
    }
}
