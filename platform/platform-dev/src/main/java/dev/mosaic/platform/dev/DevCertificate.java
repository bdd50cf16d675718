package dev.mosaic.platform.dev;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for the gateway's local HTTPS listener (localhost and 127.0.0.1), in a PKCS#12 keystore
 * made with the running JDK's {@code keytool}: the JDK has no public API to create certificates, and every JDK ships
 * the tool. For development only: browsers and clients must be told to trust it.
 */
public final class DevCertificate {

    /** The development keystore's password; the keystore protects nothing worth a secret. */
    public static final String PASSWORD = "mosaic-dev";
    public static final String KEYSTORE_FILE = "gateway-dev.p12";

    private DevCertificate() {
    }

    /** The keystore in {@code dir}, created on first use. */
    public static synchronized Path loadOrCreate(Path dir) {
        Path keystore = dir.resolve(KEYSTORE_FILE);
        if (Files.exists(keystore)) {
            return keystore;
        }
        try {
            Files.createDirectories(dir);
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            Path tmp = dir.resolve(KEYSTORE_FILE + ".tmp");
            Files.deleteIfExists(tmp);
            Process process = new ProcessBuilder(List.of(
                    keytool.toString(), "-genkeypair", "-alias", "gateway", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=localhost, O=Mosaic development", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                    "-validity", "825", "-storetype", "PKCS12", "-keystore", tmp.toString(),
                    "-storepass", PASSWORD, "-keypass", PASSWORD))
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0 || !Files.exists(tmp)) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool could not create the development certificate: " + output.strip());
            }
            Files.move(tmp, keystore);
            return keystore;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create the development certificate in " + dir + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating the development certificate", e);
        }
    }
}
