package dev.mosaic.platform.dev;

import dev.mosaic.platform.auth.Caller;
import dev.mosaic.platform.auth.DevelopmentIssuer;
import dev.mosaic.platform.auth.TokenVerifier;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The seam through which the gateway reaches the development issuer without depending on this module. */
class DevelopmentIssuerTest {

    @TempDir
    Path keys;

    @Test
    void aClassPathWithThisModuleFindsTheIssuerAndItsTokensVerify() throws Exception {
        DevelopmentIssuer issuer = DevelopmentIssuer.load(keys, getClass().getClassLoader());

        Caller admin = TokenVerifier.create(DevIssuer.loadOrCreate(keys).settings())
                .verify(issuer.issue("admin-1", true, Duration.ofMinutes(5)));

        assertThat(admin.subject()).isEqualTo("admin-1");
        assertThat(admin.roles()).contains(Caller.CUSTOMER, Caller.ADMIN);
    }

    @Test
    void withoutThisModuleTheSignInCannotBeHadAndTheErrorSaysWhy() throws Exception {
        // Sees platform-auth's seam (by delegation) but not this module's provider registration.
        URL authOnly = DevelopmentIssuer.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader production = new URLClassLoader(new URL[] {authOnly}, ClassLoader.getPlatformClassLoader())) {
            Class<?> seam = production.loadClass(DevelopmentIssuer.class.getName());
            assertThat(seam).isNotSameAs(DevelopmentIssuer.class);

            assertThatThrownBy(() -> seam.getMethod("load", Path.class, ClassLoader.class).invoke(null, keys, production))
                    .cause().isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("no development issuer is on the class path")
                    .hasMessageContaining("./mosaic");
        }
    }
}
