package io.peerset.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Reading meters back in the tests. */
final class Scrapes {

    private Scrapes() {
    }

    /**
     * Parses Prometheus' text format (one sample a line, {@code name{tags} value}; comments skipped).
     *
     * @param text a scrape
     * @return value by series, e.g. {@code peerset_connections{direction="outbound"}} → 1.0
     */
    static Map<String, Double> parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return samples;
    }

    /** @return every counter's count by {@code "name|tag=value,..."} */
    static Map<String, Double> counters(MeterRegistry registry) {
        Map<String, Double> counts = new TreeMap<>();
        for (var meter : registry.getMeters()) {
            if (meter instanceof Counter counter) {
                String tags = meter.getId().getTags().stream().map(t -> t.getKey() + "=" + t.getValue())
                        .collect(Collectors.joining(","));
                counts.put(meter.getId().getName() + "|" + tags, counter.count());
            }
        }
        return counts;
    }
}
