package io.peerset.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.peerset.api.PeerSetEvent;
import io.peerset.testkit.doubles.FakeNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

@SuppressWarnings("try") // try-with-resources closes the binding; the body never names it
class NodeMetricsProperties {

    /** Any event of any kind, reason and peer. */
    private static Gen<PeerSetEvent> events() {
        return integers().between(0, Events.KINDS - 1).zip(integers().between(0, 11), integers().between(0, 1 << 20),
                Events::of);
    }

    @Test
    void countersEqualTheCountsOfEachEventKindAndReason() {
        qt().withExamples(300).forAll(lists().of(events()).ofSizeBetween(0, 200)).checkAssert(this::countersMatch);
    }

    @Test
    void countersStopAtClose() {
        qt().withExamples(100).forAll(lists().of(events()).ofSizeBetween(0, 50), lists().of(events()).ofSizeBetween(1, 50))
                .checkAssert((counted, ignored) -> {
                    FakeNode node = new FakeNode();
                    SimpleMeterRegistry registry = new SimpleMeterRegistry();
                    NodeMetrics metrics = NodeMetrics.bind(node, registry);
                    counted.forEach(node::fire);
                    Map<String, Double> counts = Scrapes.counters(registry);
                    metrics.close();
                    ignored.forEach(node::fire);
                    assertThat(Scrapes.counters(registry)).isEmpty();
                    assertThat(counts.values().stream().mapToDouble(Double::doubleValue).sum()).isEqualTo(counted.size());
                });
    }

    private void countersMatch(List<PeerSetEvent> events) {
        FakeNode node = new FakeNode();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (NodeMetrics metrics = NodeMetrics.bind(node, registry)) {
            Map<String, Double> expected = Scrapes.counters(registry);
            assertThat(expected.values()).containsOnly(0.0);
            for (PeerSetEvent event : events) {
                String key = Events.counterOf(event);
                assertThat(expected).as("a counter for %s", event).containsKey(key);
                expected.merge(key, 1.0, Double::sum);
                node.fire(event);
            }
            assertThat(Scrapes.counters(registry)).isEqualTo(expected);
        }
    }
}
