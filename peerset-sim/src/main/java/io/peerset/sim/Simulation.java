package io.peerset.sim;

import static java.util.Objects.requireNonNull;

import io.peerset.api.NodeConfig;
import io.peerset.sim.spi.AdversaryStrategy;
import io.peerset.sim.spi.AdversaryStrategyProvider;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Runs a {@link Scenario}: real peerset nodes — the production handshake, connections, peer set,
 * address book, crawler and listener, built with {@code PeerSets.nodeBuilder} — on the in-memory
 * network under one virtual clock, on the calling thread. The same scenario and seed give the same
 * figures, also in another process; in compare mode the scenario runs twice with the same seed, once
 * with its node settings ({@code reference}) and once with the variant's.
 *
 * <pre>{@code
 * Outcome outcome = Simulation.builder(scenario).seed(7).onSample(s -> System.out.println(s.toJson())).run();
 * double eclipsed = outcome.reference().number("fullyEclipsed");
 * }</pre>
 *
 * <p>What the in-memory network does not simulate: bandwidth limits and congestion (a frame arrives
 * after its link's latency whatever its size), NAT and unreachable listeners (every node accepts
 * inbound connections), DNS caching and TTLs (a seeder answers each ask afresh), clock skew between
 * nodes, and CPU time (a node's work takes no virtual time).
 *
 * <p>Threading: {@link Builder#run()} runs on the caller's thread until the end; callbacks run on it too.
 */
public final class Simulation {

    /** The run name of the baseline in compare mode and of the only run otherwise. */
    public static final String REFERENCE = "reference";

    private Simulation() {
    }

    /**
     * @param scenario what to run
     * @return a builder with seed 1, no callbacks and the strategies found by {@link ServiceLoader}
     */
    public static Builder builder(Scenario scenario) {
        return new Builder(scenario);
    }

    /**
     * @return the adversary strategies on the module or class path, by name (the built-in ones and any
     *         a researcher added)
     */
    public static Map<String, AdversaryStrategyProvider> strategies() {
        Map<String, AdversaryStrategyProvider> byName = new TreeMap<>();
        for (AdversaryStrategyProvider p : ServiceLoader.load(AdversaryStrategyProvider.class,
                Simulation.class.getClassLoader())) {
            byName.putIfAbsent(p.name(), p);
        }
        return byName;
    }

    /**
     * The figures of a run: the summary of the reference run and, in compare mode, of the variant.
     *
     * @param reference   the summary of the run with the scenario's node settings
     * @param variants    the summaries of the compare runs, by the variant's name (empty without)
     */
    public record Outcome(Figures reference, Map<String, Figures> variants) {
        /** Copies. */
        public Outcome {
            requireNonNull(reference, "reference");
            variants = Collections.unmodifiableMap(new LinkedHashMap<>(variants));
        }

        /** @return the last line of {@code --json}: the summary, or in compare mode both side by side */
        public Figures last() {
            if (variants.isEmpty()) {
                return reference;
            }
            Figures.Builder b = Figures.builder().put("type", "comparison").put(REFERENCE, reference);
            variants.forEach(b::put);
            return b.build();
        }
    }

    /** Configures and starts a simulation. Not thread-safe. */
    public static final class Builder {
        private final Scenario scenario;
        private long seed = 1;
        private Consumer<Figures> onSample = s -> { };
        private Consumer<String> progress = s -> { };
        private Map<String, AdversaryStrategyProvider> strategies;

        private Builder(Scenario scenario) {
            this.scenario = requireNonNull(scenario, "scenario");
        }

        /** @param seed decides every draw of the run @return this */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** @param onSample receives each sample as it is taken @return this */
        public Builder onSample(Consumer<Figures> onSample) {
            this.onSample = requireNonNull(onSample, "onSample");
            return this;
        }

        /** @param progress receives a line of progress after each sample (not deterministic output) @return this */
        public Builder progress(Consumer<String> progress) {
            this.progress = requireNonNull(progress, "progress");
            return this;
        }

        /** @param strategies the strategies scenarios may name, instead of those found by ServiceLoader @return this */
        public Builder strategies(Map<String, AdversaryStrategyProvider> strategies) {
            this.strategies = new TreeMap<>(strategies);
            return this;
        }

        /**
         * Runs the scenario (twice in compare mode) to its end.
         *
         * @return the summaries
         * @throws IllegalArgumentException if an adversary group names an unknown strategy or gives it
         *         a bad parameter (the message names the group, the strategy and what was expected)
         */
        public Outcome run() {
            Map<String, AdversaryStrategyProvider> known = strategies != null ? strategies : Simulation.strategies();
            // resolve strategies before anything runs: a bad name or parameter fails fast
            strategiesFor(known);
            Figures reference = runOnce(REFERENCE, scenario.node(), known);
            Map<String, Figures> variants = new LinkedHashMap<>();
            scenario.compare().ifPresent(v -> variants.put(v.name(), runOnce(v.name(), v.node(), known)));
            return new Outcome(reference, variants);
        }

        private List<AdversaryStrategy> strategiesFor(Map<String, AdversaryStrategyProvider> known) {
            List<AdversaryStrategy> list = new ArrayList<>();
            for (int g = 0; g < scenario.adversaries().size(); g++) {
                Scenario.AdversaryGroup group = scenario.adversaries().get(g);
                AdversaryStrategyProvider p = known.get(group.strategy());
                if (p == null) {
                    throw new IllegalArgumentException("adversary " + (g + 1) + ": strategy " + group.strategy()
                            + " (expected: one of " + String.join(", ", known.keySet()) + ")");
                }
                try {
                    list.add(requireNonNull(p.create(group.parameters()), "strategy " + p.name()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("adversary " + (g + 1) + " (" + group.strategy() + "): "
                            + e.getMessage(), e);
                }
            }
            return list;
        }

        private Figures runOnce(String name, NodeConfig node, Map<String, AdversaryStrategyProvider> known) {
            // fresh strategies per run: a strategy may keep state, and compare mode's runs must not share it
            World world = new World(scenario, node, seed, strategiesFor(known), progress);
            Stats stats = new Stats(name);
            try {
                world.run(onSample, stats);
                return stats.summary(world, seed, scenario.name());
            } finally {
                world.close();
            }
        }
    }
}
