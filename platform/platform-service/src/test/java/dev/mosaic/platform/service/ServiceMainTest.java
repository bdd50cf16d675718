package dev.mosaic.platform.service;

import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code PORT} contract (env PORT, when set, is the port the service listens on), and the start-up settings. */
class ServiceMainTest {

    @Test
    void portFromTheEnvironmentWinsOverAServerPortProperty() {
        Properties properties = new Properties();
        properties.setProperty("server.port", "8081");

        ServiceMain.applyPort(Map.of("PORT", " 8080 "), properties);

        assertThat(properties.getProperty("server.port")).isEqualTo("8080");
    }

    @Test
    void withoutPortTheConfiguredPortStays() {
        Properties properties = new Properties();
        ServiceMain.applyPort(Map.of("PORT", " "), properties);
        ServiceMain.applyPort(Map.of(), properties);

        assertThat(properties).doesNotContainKey("server.port");
    }

    @Test
    void aPortThatIsNotANumberIsRefusedWithTheValue() {
        assertThatThrownBy(() -> ServiceMain.applyPort(Map.of("PORT", "http"), new Properties()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PORT='http'");
        assertThatThrownBy(() -> ServiceMain.applyPort(Map.of("PORT", "70000"), new Properties()))
                .hasMessageContaining("PORT='70000'");
    }

    @Test
    void weldSkipsTheStartUpWorkAServiceDoesNotNeedUnlessTheCommandLineSaysOtherwise() {
        Properties properties = new Properties();
        ServiceMain.applyStartupSettings(properties);
        assertThat(properties).containsEntry("org.jboss.weld.xml.disableValidating", "true")
                .containsEntry("org.jboss.weld.bootstrap.preloaderThreadPoolSize", "0");

        Properties explicit = new Properties();
        explicit.setProperty("org.jboss.weld.xml.disableValidating", "false");
        explicit.setProperty("org.jboss.weld.bootstrap.preloaderThreadPoolSize", "1");
        ServiceMain.applyStartupSettings(explicit);
        assertThat(explicit).containsEntry("org.jboss.weld.xml.disableValidating", "false")
                .containsEntry("org.jboss.weld.bootstrap.preloaderThreadPoolSize", "1");
    }
}
