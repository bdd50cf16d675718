package dev.mosaic.testing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Checks the events a service really publishes against their contracts: reads its topics for the whole test class,
 * then validates every event the service published (by its CloudEvents source) against {@code docs/events/}, and fails
 * when one breaks its schema, when a type has no schema, or when one of the types the service produces was never
 * published (so never checked). Register it on a service's main integration test:
 * {@code @RegisterExtension static final ProducedEvents CONTRACTS = new ProducedEvents("/mosaic/payments", types, topics);}
 */
public final class ProducedEvents implements BeforeAllCallback, AfterAllCallback {

    private final String source;
    private final List<String> types;
    private final List<String> topics;
    private final List<TopicProbe> probes = new ArrayList<>();

    public ProducedEvents(String source, Collection<String> types, String... topics) {
        this.source = source;
        this.types = List.copyOf(types);
        this.topics = List.of(topics);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        topics.forEach(topic -> probes.add(new TopicProbe(TestKafka.bootstrapServers(), topic)));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            EventContracts.ofRepository().assertPublishedConform(source, types, probes.toArray(TopicProbe[]::new));
        } finally {
            probes.forEach(TopicProbe::close);
            probes.clear();
        }
    }
}
