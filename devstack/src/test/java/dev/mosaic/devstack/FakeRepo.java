package dev.mosaic.devstack;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * A repository layout whose service and gateway jars are {@link FakeService}: lets tests drive the orchestrator
 * through the same launch contract as the real jars, before (or without) building them.
 */
final class FakeRepo {

    private FakeRepo() {
    }

    static Path create(Path dir) throws IOException {
        Stack layout = new Stack(dir, Map.of(), "", ServiceSpec.ALL);
        for (ServiceSpec spec : ServiceSpec.ALL) {
            Optional<Path> jar = layout.artifact(spec);
            if (jar.isPresent()) {
                writeJar(jar.get());
            }
        }
        return dir;
    }

    private static void writeJar(Path jar) throws IOException {
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeService.class.getName());
        Path classes = testClasses();
        String packageDir = FakeService.class.getPackageName().replace('.', '/');
        List<Path> classFiles;
        try (Stream<Path> files = Files.list(classes.resolve(packageDir))) {
            classFiles = files.filter(f -> f.getFileName().toString().startsWith(FakeService.class.getSimpleName()))
                    .toList();
        }
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            for (Path classFile : classFiles) {
                out.putNextEntry(new JarEntry(packageDir + "/" + classFile.getFileName()));
                out.write(Files.readAllBytes(classFile));
                out.closeEntry();
            }
        }
    }

    private static Path testClasses() {
        try {
            return Path.of(FakeService.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
