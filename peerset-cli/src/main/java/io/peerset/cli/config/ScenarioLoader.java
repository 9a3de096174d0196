package io.peerset.cli.config;

import static io.peerset.cli.config.TomlReader.describe;
import static io.peerset.cli.config.TomlReader.suggestion;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerset.api.ConfigOption;
import io.peerset.api.NodeConfig;
import io.peerset.api.NodeOptions;
import io.peerset.sim.Scenario;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;
import java.util.function.IntConsumer;

/**
 * Reads a simulation scenario file (TOML) into a {@link Scenario}, strictly: an unknown key, a wrong
 * type or a value out of range is one {@link ConfigException} naming the file, the key and what was
 * expected. The node settings under {@code [node.network]} and {@code [node.peerset]} (and the compare
 * variant's overrides under {@code [compare.network]} and {@code [compare.peerset]}) have the keys and
 * duration grammar of a node's configuration file and go through the same loader; the keys the
 * simulator sets for every node (its listener, initial peers and cache directory) are refused there.
 * The file's format is documented in docs/SIMULATION.md.
 *
 * <p>Threading: a loader is used by one thread, once.
 */
public final class ScenarioLoader {

    /** The top-level keys and tables, in the order docs/SIMULATION.md lists them. */
    static final List<String> KEYS = List.of("name", "network", "nodes", "join_over", "duration", "sample_interval",
            "requests_per_minute", "connect_failure", "mean_link_lifetime", "peer_cache", "node", "compare", "seeders", "latency",
            "churn", "victim_restart", "address_space", "adversary");
    /** Node keys the simulator sets itself. */
    static final List<String> SET_BY_SIMULATOR = List.of("listen_addr", "initial_mainnet_peers",
            "initial_testnet_peers", "cache_dir");

    private final String source;
    private final TomlReader in;

    private ScenarioLoader(String source) {
        this.source = source;
        this.in = new TomlReader(source);
    }

    /**
     * @param file the scenario file
     * @return the scenario
     * @throws ConfigException naming the file, the key and what was expected
     */
    public static Scenario load(Path file) {
        String name = file.toString();
        String text = ConfigLoader.readText(file, "a scenario TOML file");
        return parse(text, name);
    }

    /**
     * @param toml   scenario text
     * @param source what errors call it
     * @return the scenario
     * @throws ConfigException naming {@code source}, the key and what was expected
     */
    public static Scenario parse(String toml, String source) {
        ScenarioLoader loader = new ScenarioLoader(source);
        JsonNode root;
        try {
            root = ConfigLoader.toml().readTree(toml);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw ConfigException.syntax(source, at == null ? -1 : at.getLineNr(), at == null ? -1 : at.getColumnNr(),
                    e.getOriginalMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            root = ConfigLoader.toml().createObjectNode();
        }
        return loader.scenario(loader.in.table(root, "scenario"));
    }

    private Scenario scenario(ObjectNode root) {
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                throw in.error(key, "unknown key" + suggestion(key, KEYS) + " (expected one of: " + String.join(", ", KEYS) + ")");
            }
        }
        ObjectNode nodeTables = optionalTable(root, "node");
        String network = in.string(root, "", "network");
        if (network != null) {
            // the network is the scenario's: written once, at the top, and passed to the node loader
            ObjectNode net = nodeTables.has("network") ? in.table(nodeTables.get("network"), "node.network")
                    : nodeTables.putObject("network");
            if (net.has("network")) {
                throw in.error("node.network.network", "set twice (expected: only the top-level network key)");
            }
            net.put("network", network);
        }
        NodeConfig node = nodeConfig(nodeTables, "node", true);
        Scenario.Builder b = Scenario.builder(node.network()).node(node);
        String name = in.string(root, "", "name");
        if (name != null) {
            b.name(name);
        }
        int[] honest = {Scenario.builder(node.network()).build().nodes()};
        integer(root, "", "nodes", v -> {
            b.nodes(v);
            honest[0] = v;
        });
        duration(root, "", "join_over", b::joinOver);
        duration(root, "", "duration", b::duration);
        duration(root, "", "sample_interval", b::sampleInterval);
        integer(root, "", "requests_per_minute", v -> b.requestsPerMinute(v));
        decimal(root, "", "connect_failure", b::connectFailure);
        duration(root, "", "mean_link_lifetime", b::meanLinkLifetime);
        integer(root, "", "peer_cache", v -> b.peerCache(v));
        if (root.has("compare")) {
            ObjectNode compare = in.table(root.get("compare"), "compare");
            in.checkKeys(compare, "compare", List.of("name", "behaviour", "network", "peerset"));
            String variant = in.string(compare, "compare", "name");
            String behaviour = in.string(compare, "compare", "behaviour");
            if (behaviour != null && !behaviour.equals("reference") && !behaviour.equals("peerset")) {
                throw in.error("compare.behaviour", "\"" + behaviour + "\" (expected: \"reference\" or \"peerset\")");
            }
            ObjectNode merged = nodeTables.deepCopy();
            for (String section : List.of("network", "peerset")) {
                if (compare.has(section)) {
                    ObjectNode over = in.table(compare.get(section), "compare." + section);
                    ObjectNode base = merged.has(section) ? (ObjectNode) merged.get(section) : merged.putObject(section);
                    base.setAll(over);
                }
            }
            // "peerset": the defences beyond the reference keep peerset's defaults unless set here
            NodeConfig other = nodeConfig(merged, "compare", !"peerset".equals(behaviour));
            String variantName = variant == null ? "candidate" : variant;
            apply("compare.name", () -> b.compare(new Scenario.Variant(variantName, other)));
        }
        if (root.has("seeders")) {
            b.seeders(seeders(in.table(root.get("seeders"), "seeders")));
        }
        if (root.has("latency")) {
            ObjectNode l = in.table(root.get("latency"), "latency");
            in.checkKeys(l, "latency", List.of("honest", "adversary"));
            if (l.has("honest")) {
                b.latency(latency(l.get("honest"), "latency.honest"));
            }
            if (l.has("adversary")) {
                b.adversaryLatency(latency(l.get("adversary"), "latency.adversary"));
            }
        }
        if (root.has("churn")) {
            ObjectNode c = in.table(root.get("churn"), "churn");
            in.checkKeys(c, "churn", List.of("per_minute", "keep_state", "downtime", "after"));
            double[] perMinute = {0};
            decimal(c, "churn", "per_minute", v -> perMinute[0] = v);
            Boolean keep = in.bool(c, "churn", "keep_state");
            Duration[] downtime = {Duration.ZERO};
            duration(c, "churn", "downtime", v -> downtime[0] = v);
            Duration[] after = {Duration.ZERO};
            duration(c, "churn", "after", v -> after[0] = v);
            apply("churn", () -> b.churn(new Scenario.Churn(perMinute[0], keep != null && keep, downtime[0], after[0])));
        }
        if (root.has("victim_restart")) {
            ObjectNode r = in.table(root.get("victim_restart"), "victim_restart");
            in.checkKeys(r, "victim_restart", List.of("at", "downtime"));
            Duration[] at = {Duration.ZERO};
            duration(r, "victim_restart", "at", v -> at[0] = v);
            Duration[] downtime = {Duration.ZERO};
            duration(r, "victim_restart", "downtime", v -> downtime[0] = v);
            apply("victim_restart", () -> b.victimRestart(new Scenario.VictimRestart(at[0], downtime[0])));
        }
        if (root.has("address_space")) {
            ObjectNode a = in.table(root.get("address_space"), "address_space");
            in.checkKeys(a, "address_space", List.of("prefixes", "nodes_per_ip"));
            int[] v = {Scenario.AddressSpace.defaults().prefixes(), 1};
            integer(a, "address_space", "prefixes", x -> v[0] = x);
            integer(a, "address_space", "nodes_per_ip", x -> v[1] = x);
            apply("address_space", () -> b.addressSpace(new Scenario.AddressSpace(v[0], v[1])));
        }
        if (root.has("adversary")) {
            JsonNode groups = root.get("adversary");
            if (!groups.isArray()) {
                throw in.error("adversary", describe(groups) + " (expected: [[adversary]] tables)");
            }
            for (int i = 0; i < groups.size(); i++) {
                b.adversary(adversary(in.table(groups.get(i), "adversary"), "adversary[" + (i + 1) + "]", honest[0]));
            }
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw in.error("scenario", e.getMessage());
        }
    }

    private NodeConfig nodeConfig(ObjectNode tables, String key, boolean referenceBaseline) {
        in.checkKeys(tables, key, List.of("network", "peerset"));
        if (tables.has("network")) {
            ObjectNode net = in.table(tables.get("network"), key + ".network");
            for (String own : SET_BY_SIMULATOR) {
                if (net.has(own)) {
                    throw in.error(key + ".network." + own, "set by the simulator for every node (expected: not in a scenario)");
                }
            }
        }
        if (tables.has("peerset")) {
            in.table(tables.get("peerset"), key + ".peerset");
        }
        ObjectNode copy = tables.deepCopy();
        ObjectNode net = copy.has("network") ? (ObjectNode) copy.get("network") : copy.putObject("network");
        // no initial peers: the scenario's seeders stand in for DNS and configured peers
        net.putArray("initial_mainnet_peers");
        net.putArray("initial_testnet_peers");
        NodeConfig loaded = ConfigLoader.fromTree(copy, source + " [" + key + "]").node();
        // The baseline is the reference's behaviour: a defence the reference lacks is off unless the
        // scenario turns it on (README, "peerset simulate").
        NodeConfig.Builder b = loaded.toBuilder();
        boolean changed = false;
        for (ConfigOption<?> o : NodeOptions.settings()) {
            if (referenceBaseline && o.referenceValue().isPresent() && !mentions(tables, o)) {
                setReference(b, o);
                changed = true;
            }
        }
        return changed ? b.build() : loaded;
    }

    private static boolean mentions(ObjectNode tables, ConfigOption<?> o) {
        JsonNode section = tables.path(o.section());
        if (section.has(o.key())) {
            return true;
        }
        return o.aliases().stream().anyMatch(section::has);
    }

    private static <T> void setReference(NodeConfig.Builder b, ConfigOption<T> o) {
        b.set(o, o.referenceValue().orElseThrow());
    }

    private Scenario.Seeders seeders(ObjectNode s) {
        in.checkKeys(s, "seeders", List.of("count", "answer", "knows", "poisoned", "down"));
        Scenario.Seeders d = Scenario.Seeders.defaults();
        int[] count = {d.count()};
        int[] answer = {d.answer()};
        double[] knows = {d.knows()};
        double[] poisoned = {d.poisoned()};
        integer(s, "seeders", "count", v -> count[0] = v);
        integer(s, "seeders", "answer", v -> answer[0] = v);
        decimal(s, "seeders", "knows", v -> knows[0] = v);
        decimal(s, "seeders", "poisoned", v -> poisoned[0] = v);
        List<Scenario.Window> down = new ArrayList<>();
        if (s.has("down")) {
            JsonNode windows = s.get("down");
            if (!windows.isArray()) {
                throw in.error("seeders.down", describe(windows) + " (expected: an array of { from = \"0s\", until = \"5m\" })");
            }
            for (int i = 0; i < windows.size(); i++) {
                String key = "seeders.down[" + (i + 1) + "]";
                ObjectNode w = in.table(windows.get(i), key);
                in.checkKeys(w, key, List.of("from", "until"));
                Duration[] fromUntil = {Duration.ZERO, null};
                duration(w, key, "from", v -> fromUntil[0] = v);
                duration(w, key, "until", v -> fromUntil[1] = v);
                if (fromUntil[1] == null) {
                    throw in.error(key + ".until", "missing (expected: a duration after from)");
                }
                apply(key, () -> down.add(new Scenario.Window(fromUntil[0], fromUntil[1])));
            }
        }
        Scenario.Seeders[] out = new Scenario.Seeders[1];
        apply("seeders", () -> out[0] = new Scenario.Seeders(count[0], answer[0], knows[0], down, poisoned[0]));
        return out[0];
    }

    private Scenario.Latency latency(JsonNode node, String key) {
        Scenario.Latency[] out = new Scenario.Latency[1];
        if (node.isTextual()) {
            Duration d = durationValue(node, key);
            apply(key, () -> out[0] = Scenario.Latency.constant(d));
        } else if (node.isObject()) {
            ObjectNode o = (ObjectNode) node;
            in.checkKeys(o, key, List.of("min", "max"));
            if (!o.has("min") || !o.has("max")) {
                throw in.error(key, "needs min and max (expected: { min = \"20ms\", max = \"150ms\" } or \"50ms\")");
            }
            Duration min = durationValue(o.get("min"), key + ".min");
            Duration max = durationValue(o.get("max"), key + ".max");
            apply(key, () -> out[0] = new Scenario.Latency(min, max));
        } else {
            throw in.error(key, describe(node) + " (expected: a duration such as \"50ms\", or { min = ..., max = ... })");
        }
        return out[0];
    }

    private Scenario.AdversaryGroup adversary(ObjectNode a, String key, int honest) {
        in.checkKeys(a, key, List.of("strategy", "count", "share", "prefixes", "start", "victims", "parameters"));
        String strategy = in.string(a, key, "strategy");
        if (strategy == null) {
            throw in.error(key + ".strategy", "missing (expected: a strategy name, see peerset simulate --strategies)");
        }
        int[] count = {0};
        integer(a, key, "count", v -> count[0] = v);
        if (a.has("share")) {
            if (a.has("count")) {
                throw in.error(key + ".share", "given with count (expected: one of count and share)");
            }
            decimal(a, key, "share", v -> {
                if (!(v > 0 && v <= 10)) {
                    throw new IllegalArgumentException(key + ".share: " + v + " (expected: more than 0, at most 10 times the honest nodes)");
                }
                count[0] = (int) Math.round(v * honest);
            });
        }
        if (count[0] == 0) {
            throw in.error(key + ".count", "missing or zero (expected: count = N or share = 0.2 of the honest nodes)");
        }
        int[] prefixes = {Scenario.AddressSpace.defaults().prefixes()};
        integer(a, key, "prefixes", v -> prefixes[0] = v);
        Duration[] start = {Duration.ZERO};
        duration(a, key, "start", v -> start[0] = v);
        int[] victims = {0};
        integer(a, key, "victims", v -> victims[0] = v);
        Map<String, String> parameters = new LinkedHashMap<>();
        if (a.has("parameters")) {
            ObjectNode p = in.table(a.get("parameters"), key + ".parameters");
            for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                if (!v.isValueNode()) {
                    throw in.error(key + ".parameters." + e.getKey(), describe(v) + " (expected: a string, number or boolean)");
                }
                parameters.put(e.getKey(), v.asText());
            }
        }
        Scenario.AdversaryGroup[] out = new Scenario.AdversaryGroup[1];
        apply(key, () -> out[0] = new Scenario.AdversaryGroup(strategy, count[0], prefixes[0], start[0], victims[0],
                parameters));
        return out[0];
    }

    // ---- typed reads ----

    /** Runs a builder's check; its message ("name: value (expected: ...)") becomes the error at {@code key}. */
    private void apply(String key, Runnable check) {
        try {
            check.run();
        } catch (IllegalArgumentException e) {
            String m = String.valueOf(e.getMessage());
            // the builders name the value themselves; the file's key replaces that name
            int colon = m.indexOf(": ");
            String name = colon < 0 ? "" : m.substring(0, colon);
            boolean same = !name.isEmpty() && (key.equals(name) || key.endsWith("." + name) || name.endsWith("." + key));
            String detail = same ? m.substring(colon + 2) : m;
            throw in.error(key, detail);
        }
    }

    private ObjectNode optionalTable(ObjectNode root, String key) {
        return root.has(key) ? in.table(root.get(key), key).deepCopy() : ConfigLoader.toml().createObjectNode();
    }

    private String dotted(String section, String key) {
        return section.isEmpty() ? key : section + "." + key;
    }

    private void integer(ObjectNode t, String section, String key, IntConsumer set) {
        JsonNode v = t.get(key);
        if (v == null) {
            return;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw in.error(dotted(section, key), describe(v) + " (expected: an integer)");
        }
        apply(dotted(section, key), () -> set.accept(v.intValue()));
    }

    private void decimal(ObjectNode t, String section, String key, DoubleConsumer set) {
        JsonNode v = t.get(key);
        if (v == null) {
            return;
        }
        if (!v.isNumber()) {
            throw in.error(dotted(section, key), describe(v) + " (expected: a number)");
        }
        apply(dotted(section, key), () -> set.accept(v.doubleValue()));
    }

    private void duration(ObjectNode t, String section, String key, Consumer<Duration> set) {
        JsonNode v = t.get(key);
        if (v == null) {
            return;
        }
        Duration d = durationValue(v, dotted(section, key));
        apply(dotted(section, key), () -> set.accept(d));
    }

    private Duration durationValue(JsonNode v, String key) {
        if (!v.isTextual()) {
            throw in.error(key, describe(v) + " (expected: a duration such as \"90s\", \"10m\" or \"1h 30m\")");
        }
        try {
            return HumanDuration.parse(v.textValue());
        } catch (IllegalArgumentException e) {
            throw in.error(key, e.getMessage());
        }
    }
}
