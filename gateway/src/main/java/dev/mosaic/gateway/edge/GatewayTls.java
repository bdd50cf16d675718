package dev.mosaic.gateway.edge;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import io.helidon.common.tls.Tls;
import io.helidon.config.Config;

/** The HTTPS listener's certificate: a PKCS#12 keystore from {@code mosaic.gateway.tls.keystore} and {@code .password}. */
public final class GatewayTls {

    private GatewayTls() {
    }

    /** Empty when no keystore is configured (HTTP only); fails naming the file when it cannot be used. */
    public static Optional<Tls> from(Config tls) {
        Optional<String> keystore = tls.get("keystore").asString().asOptional().map(String::strip).filter(p -> !p.isEmpty());
        if (keystore.isEmpty()) {
            return Optional.empty();
        }
        Path file = Path.of(keystore.get());
        char[] password = tls.get("password").asString().orElse("").toCharArray();
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    PrivateKey key = (PrivateKey) store.getKey(alias, password);
                    List<X509Certificate> chain = new ArrayList<>();
                    for (Certificate certificate : store.getCertificateChain(alias)) {
                        chain.add((X509Certificate) certificate);
                    }
                    return Optional.of(Tls.builder().privateKey(key).privateKeyCertChain(chain).build());
                }
            }
            throw new IllegalStateException("The keystore " + file + " (mosaic.gateway.tls.keystore) holds no private key");
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read the TLS keystore " + file + " (mosaic.gateway.tls.keystore, "
                    + "mosaic.gateway.tls.password): " + e.getMessage(), e);
        }
    }
}
