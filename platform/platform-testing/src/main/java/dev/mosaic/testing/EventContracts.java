package dev.mosaic.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.mosaic.platform.messaging.CloudEvent;
import dev.mosaic.platform.messaging.EventDispatcher;
import jakarta.enterprise.inject.spi.CDI;

/**
 * The event contracts of {@code docs/events/}: one JSON Schema per event type, named {@code <type>.json}, for the
 * CloudEvent's {@code data}. Tests hand it the events a service really produced (read back from the broker) and
 * it fails on a payload that breaks its schema and on a type that has no schema at all.
 */
public final class EventContracts {

    /** The {@code $id} prefix of every schema; a {@code $ref} to another event's schema resolves in the same folder. */
    static final String ID_PREFIX = "https://mosaic.dev/events/";

    private static final Map<Path, EventContracts> BY_DIRECTORY = new ConcurrentHashMap<>();

    private final Path directory;
    private final SchemaRegistry registry;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    private EventContracts(Path directory) {
        this.directory = directory;
        this.registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemas(this::schemaText));
    }

    /** The contracts of this repository: the {@code docs/events} folder above the working directory. */
    public static EventContracts ofRepository() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("docs/events"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("No docs/events folder above " + Path.of("").toAbsolutePath());
        }
        return of(dir.resolve("docs/events"));
    }

    /** The contracts in {@code directory} (one {@code <type>.json} each). */
    public static EventContracts of(Path directory) {
        return BY_DIRECTORY.computeIfAbsent(directory.toAbsolutePath().normalize(), EventContracts::new);
    }

    /** The folder of the schemas. */
    public Path directory() {
        return directory;
    }

    /** Every event type that has a schema here. */
    public Set<String> types() {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - ".json".length()))
                    .collect(TreeSet::new, Set::add, Set::addAll);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What is wrong with {@code data} as a payload of {@code type}; empty when it conforms. */
    public List<String> violations(String type, String data) {
        return schema(type).validate(data, InputFormat.JSON).stream().map(Object::toString).toList();
    }

    /** Fails unless {@code event}'s data conforms to the schema of its type (and that schema exists). */
    public void assertConforms(CloudEvent event) {
        List<String> violations = violations(event.type(), event.dataAsString());
        if (!violations.isEmpty()) {
            throw new AssertionError("Event " + event.type() + " (id " + event.id() + ", subject " + event.subject()
                    + ") breaks docs/events/" + event.type() + ".json: " + violations + "\n  data: " + event.dataAsString());
        }
    }

    /**
     * Checks every event in {@code events}, and returns the types seen, so the caller can also assert that each type
     * it produces was among them.
     */
    public Set<String> assertAllConform(Collection<CloudEvent> events) {
        Set<String> seen = new TreeSet<>();
        for (CloudEvent event : events) {
            assertConforms(event);
            seen.add(event.type());
        }
        return seen;
    }

    /**
     * Checks every event that {@code source} published on the probes' topics (events a test published itself, under
     * another source, are not the service's), and fails unless each type of {@code produced} was among them: a type
     * the run never published is a type whose payloads were never checked.
     */
    public void assertPublishedConform(String source, Collection<String> produced, TopicProbe... probes) {
        List<CloudEvent> published = Stream.of(probes).flatMap(p -> p.events().stream())
                .filter(e -> source.equals(e.source())).toList();
        Set<String> seen = assertAllConform(published);
        Set<String> unchecked = new TreeSet<>(produced);
        unchecked.removeAll(seen);
        if (!unchecked.isEmpty()) {
            throw new AssertionError(source + " published no event of " + unchecked + " during the run (saw " + seen
                    + "), so those payloads were not checked against docs/events/");
        }
    }

    /**
     * Fails unless the service under test (its CDI container is running) has an event handler, and unless every type
     * its handlers accept has a schema: what a service consumes is a contract as much as what it produces.
     */
    public void assertHandledTypesHaveSchemas() {
        List<String> handled = new ArrayList<>(CDI.current().select(EventDispatcher.class).get().handledTypes());
        if (handled.isEmpty()) {
            throw new AssertionError("No event handler found: nothing to check");
        }
        assertSchemasExist(handled);
    }

    /** Fails for each type in {@code types} (e.g. the types a service's handlers accept) that has no schema. */
    public void assertSchemasExist(Collection<String> types) {
        Set<String> missing = new TreeSet<>(types);
        missing.removeAll(types());
        if (!missing.isEmpty()) {
            throw new AssertionError("No schema in " + directory + " for " + missing);
        }
    }

    private Schema schema(String type) {
        if (!Files.isRegularFile(file(type))) {
            throw new AssertionError("Event type " + type + " has no schema: expected " + file(type));
        }
        return schemas.computeIfAbsent(type, t -> registry.getSchema(SchemaLocation.of(ID_PREFIX + t + ".json")));
    }

    private String schemaText(String iri) {
        if (!iri.startsWith(ID_PREFIX)) {
            return null;
        }
        Path file = directory.resolve(iri.substring(ID_PREFIX.length()));
        try {
            return Files.isRegularFile(file) ? Files.readString(file) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path file(String type) {
        return directory.resolve(type + ".json");
    }
}
