package dev.mosaic.images;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The six deployable modules, where their images are, and what their poms say the images are called. */
final class Modules {

    /** One deployable module: its folder, the jar it builds and the class its image starts. */
    record Deployable(String dir, String artifact, String mainClass) {

        Path root() {
            return Modules.root().resolve(dir);
        }

        Path imageTar() {
            return root().resolve("target/jib-image.tar");
        }

        Path jar() {
            return root().resolve("target/" + artifact + ".jar");
        }

        /** The pom property {@code image.name}: the name the build gives the image and the manifests use. */
        String imageName() {
            try {
                Matcher m = IMAGE_NAME.matcher(Files.readString(root().resolve("pom.xml")));
                if (!m.find()) {
                    throw new IllegalStateException(dir + "/pom.xml has no <image.name> property");
                }
                return m.group(1).strip();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String toString() {
            return dir;
        }
    }

    private static final Pattern IMAGE_NAME = Pattern.compile("<image\\.name>([^<]+)</image\\.name>");
    private static final String SERVICE_MAIN = "dev.mosaic.platform.service.ServiceMain";

    static final List<Deployable> ALL = List.of(
            new Deployable("services/catalog", "catalog-service", SERVICE_MAIN),
            new Deployable("services/inventory", "inventory-service", SERVICE_MAIN),
            new Deployable("services/orders", "orders-service", SERVICE_MAIN),
            new Deployable("services/payments", "payments-service", SERVICE_MAIN),
            new Deployable("services/notifications", "notifications-service", SERVICE_MAIN),
            new Deployable("gateway", "gateway", "dev.mosaic.gateway.GatewayMain"));

    private Modules() {
    }

    static Deployable named(String dir) {
        return ALL.stream().filter(d -> d.dir().equals(dir)).findFirst().orElseThrow();
    }

    /** The repository root (the build passes it; run from tests/images otherwise). */
    static Path root() {
        String root = System.getProperty("mosaic.root");
        return (root != null && !root.isBlank() ? Path.of(root) : Path.of("../..")).toAbsolutePath().normalize();
    }

    /** Scratch space for unpacked images, under this module's target/. */
    static Path work() {
        return Path.of(System.getProperty("mosaic.images.work", "target/image-run")).toAbsolutePath();
    }
}
