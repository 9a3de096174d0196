package io.peerset.sim;

import static java.util.Objects.requireNonNull;

import io.peerset.api.NodeConfig;
import io.peerset.api.internal.Checks;
import io.peerset.wire.Network;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a simulation runs: how many honest nodes join when, with which settings; the seeders they
 * bootstrap from; the links between them (latency, failed connects, resets); churn; how their IPs
 * spread over prefixes; the requests they route; and the adversaries among them. Immutable and
 * validated: every builder method refuses a value out of range with a message naming it, its value and
 * the range ({@code "nodes: 0 (expected: 1 to 100000)"}).
 *
 * <p>Nothing here is random: the seed given to {@link Simulation} decides every draw, so a scenario and
 * a seed name one run.
 *
 * <p>Threading: immutable, so any thread.
 */
public final class Scenario {

    /** The most honest nodes a scenario may have. */
    public static final int MAX_NODES = 100_000;
    /** The most adversary nodes of all groups together. */
    public static final int MAX_ADVERSARIES = 100_000;
    /** The longest simulated run. */
    public static final Duration MAX_DURATION = Duration.ofDays(7);
    /** The shortest sampling interval: a sample walks every node. */
    public static final Duration MIN_SAMPLE_INTERVAL = Duration.ofSeconds(1);

    private final String name;
    private final int nodes;
    private final Duration joinOver;
    private final Duration duration;
    private final Duration sampleInterval;
    private final NodeConfig node;
    private final Optional<Variant> compare;
    private final Seeders seeders;
    private final Latency latency;
    private final Latency adversaryLatency;
    private final double connectFailure;
    private final Duration meanLinkLifetime;
    private final Churn churn;
    private final Optional<VictimRestart> victimRestart;
    private final AddressSpace addressSpace;
    private final int requestsPerMinute;
    private final int peerCache;
    private final List<AdversaryGroup> adversaries;

    private Scenario(Builder b) {
        this.name = b.name;
        this.nodes = b.nodes;
        this.joinOver = b.joinOver;
        this.duration = b.duration;
        this.sampleInterval = b.sampleInterval;
        this.node = b.node;
        this.compare = b.compare;
        this.seeders = b.seeders;
        this.latency = b.latency;
        this.adversaryLatency = b.adversaryLatency == null ? b.latency : b.adversaryLatency;
        this.connectFailure = b.connectFailure;
        this.meanLinkLifetime = b.meanLinkLifetime;
        this.churn = b.churn;
        this.victimRestart = b.victimRestart;
        this.addressSpace = b.addressSpace;
        this.requestsPerMinute = b.requestsPerMinute;
        this.peerCache = b.peerCache;
        this.adversaries = List.copyOf(b.adversaries);
        int total = adversaries.stream().mapToInt(AdversaryGroup::count).sum();
        Checks.inRange("adversaries (all groups)", total, 0, MAX_ADVERSARIES);
        // the adversaries' address space is 100.0.0.0 to 131.255.255.255: 8,192 /16s for all groups
        int prefixes = adversaries.stream().mapToInt(AdversaryGroup::prefixes).sum();
        Checks.inRange("adversary.prefixes (all groups)", prefixes, 0, 8_192);
        Checks.checkArgument(victimRestart.isEmpty() || adversaries.stream().anyMatch(g -> g.victims() > 0),
                "victim_restart: set (expected: only with an adversary group that has victims)");
        Checks.checkArgument(victimRestart.isEmpty() || victimRestart.get().at().compareTo(duration) < 0,
                "victim_restart.at: %s (expected: before the end, %s)", victimRestart.map(VictimRestart::at).orElse(null), duration);
        Checks.checkArgument(seeders.poisoned() == 0 || !adversaries.isEmpty(),
                "seeders.poisoned: %s (expected: 0 without adversaries, whose addresses it would list)", seeders.poisoned());
    }

    /**
     * @param network the network the nodes run (its magic, ports and upgrades)
     * @return a builder with the defaults: 100 nodes joining over the first minute, 10 virtual
     *         minutes sampled every 10 s, the reference's node settings, 3 seeders answering 25
     *         addresses, no latency, no failures, no churn, one node per IP spread over 256 /16s, one
     *         routed request per node and minute, no adversary
     */
    public static Builder builder(Network network) {
        return new Builder(network);
    }

    /** @return a name for reports */
    public String name() {
        return name;
    }

    /** @return honest nodes at the start */
    public int nodes() {
        return nodes;
    }

    /** @return the honest nodes start evenly spread over this much virtual time from 0 */
    public Duration joinOver() {
        return joinOver;
    }

    /** @return virtual time simulated */
    public Duration duration() {
        return duration;
    }

    /** @return virtual time between two samples */
    public Duration sampleInterval() {
        return sampleInterval;
    }

    /**
     * @return the honest nodes' settings (the baseline, reported as {@code reference} in compare mode;
     *         by default the reference's behaviour, {@link NodeConfig.Builder#referenceBehaviour()});
     *         the simulator sets each node's listener address, empty initial peers and no cache
     *         directory (its storage is in memory)
     */
    public NodeConfig node() {
        return node;
    }

    /** @return the second configuration of compare mode, if any */
    public Optional<Variant> compare() {
        return compare;
    }

    /** @return the DNS seeders, as candidate sources of every node */
    public Seeders seeders() {
        return seeders;
    }

    /** @return one-way latency of links between honest nodes */
    public Latency latency() {
        return latency;
    }

    /** @return one-way latency of links with an adversary at one end (default: {@link #latency()}) */
    public Latency adversaryLatency() {
        return adversaryLatency;
    }

    /** @return the share of dials that fail (refused) whatever the target */
    public double connectFailure() {
        return connectFailure;
    }

    /** @return mean lifetime of a link before the network resets it (exponential); zero: never reset */
    public Duration meanLinkLifetime() {
        return meanLinkLifetime;
    }

    /** @return honest nodes leaving and joining */
    public Churn churn() {
        return churn;
    }

    /** @return when the adversaries' victims restart, if they do */
    public Optional<VictimRestart> victimRestart() {
        return victimRestart;
    }

    /** @return how honest nodes' IPs spread over prefixes */
    public AddressSpace addressSpace() {
        return addressSpace;
    }

    /** @return {@code Ping} requests each honest node routes through its peer set per virtual minute */
    public int requestsPerMinute() {
        return requestsPerMinute;
    }

    /**
     * @return how many addresses of other honest nodes (drawn at random) each honest node's stored peer
     *         cache holds before it first starts, as if it had run before; 0 for none
     */
    public int peerCache() {
        return peerCache;
    }

    /** @return the adversary groups, in order */
    public List<AdversaryGroup> adversaries() {
        return adversaries;
    }

    /** @return a builder holding this scenario's values */
    public Builder toBuilder() {
        Builder b = new Builder(node.network());
        b.name = name;
        b.nodes = nodes;
        b.joinOver = joinOver;
        b.duration = duration;
        b.sampleInterval = sampleInterval;
        b.node = node;
        b.compare = compare;
        b.seeders = seeders;
        b.latency = latency;
        b.adversaryLatency = adversaryLatency;
        b.connectFailure = connectFailure;
        b.meanLinkLifetime = meanLinkLifetime;
        b.churn = churn;
        b.victimRestart = victimRestart;
        b.addressSpace = addressSpace;
        b.requestsPerMinute = requestsPerMinute;
        b.peerCache = peerCache;
        b.adversaries = new ArrayList<>(adversaries);
        return b;
    }

    @Override
    public String toString() {
        return "Scenario[" + name + ": " + nodes + " nodes, " + duration + ", " + adversaries.size() + " adversary groups]";
    }

    /**
     * The second configuration of compare mode: the same scenario and seed run again with these node
     * settings, reported under {@code name}.
     *
     * @param name the key of its results (not {@code reference}, which names the baseline)
     * @param node its node settings
     */
    public record Variant(String name, NodeConfig node) {
        /** Checks. */
        public Variant {
            requireNonNull(name, "name");
            requireNonNull(node, "node");
            Checks.checkArgument(name.matches("[a-z][a-z0-9_-]{0,39}") && !name.equals("reference"),
                    "compare.name: %s (expected: 1 to 40 of a-z, 0-9, _ and -, starting with a letter, not "
                            + "\"reference\")", name);
        }
    }

    /**
     * DNS seeders, modelled as candidate sources: a node asks each once at start (reference §1.4) and
     * gets {@code answer} addresses drawn from the running nodes the seeder knows (adversaries run
     * reachable nodes too, so seeders list them like any other).
     *
     * @param count    how many (0 to 64)
     * @param answer   addresses per answer (1 to 1,000)
     * @param knows    share of nodes each seeder lists, chosen per seeder and node (0 to 1)
     * @param down     when they are down, all of them: an answer asked for then fails
     * @param poisoned share of each answer replaced by adversary addresses (0 to 1), on top of what
     *                 adversary strategies ask for ({@code seederShare})
     */
    public record Seeders(int count, int answer, double knows, List<Window> down, double poisoned) {
        /** Checks. */
        public Seeders {
            Checks.inRange("seeders.count", count, 0, 64);
            Checks.inRange("seeders.answer", answer, 1, 1_000);
            share("seeders.knows", knows);
            down = List.copyOf(down);
            share("seeders.poisoned", poisoned);
        }

        /** @return 3 seeders answering 25 addresses each, knowing every node, never down, not poisoned */
        public static Seeders defaults() {
            return new Seeders(3, 25, 1.0, List.of(), 0.0);
        }

        /**
         * @param at a virtual instant (time since the start)
         * @return whether the seeders are down then
         */
        public boolean downAt(Duration at) {
            return down.stream().anyMatch(w -> w.contains(at));
        }
    }

    /**
     * A span of virtual time, {@code from} inclusive, {@code until} exclusive.
     *
     * @param from  start, since the simulation's start
     * @param until end, after {@code from}
     */
    public record Window(Duration from, Duration until) {
        /** Checks. */
        public Window {
            Checks.notNegative("from", from);
            Checks.checkArgument(until.compareTo(from) > 0, "until: %s (expected: after from, %s)", until, from);
        }

        boolean contains(Duration at) {
            return at.compareTo(from) >= 0 && at.compareTo(until) < 0;
        }
    }

    /**
     * One-way link latency, uniform between {@code min} and {@code max} (a constant when they are
     * equal), drawn once per link.
     *
     * @param min lowest
     * @param max highest, at least {@code min}, at most 10 s
     */
    public record Latency(Duration min, Duration max) {
        /** Checks. */
        public Latency {
            Checks.notNegative("latency.min", min);
            Checks.checkArgument(max.compareTo(min) >= 0 && max.compareTo(Duration.ofSeconds(10)) <= 0,
                    "latency.max: %s (expected: %s to 10s)", max, min);
        }

        /**
         * @param oneWay the latency of every link
         * @return a constant latency
         */
        public static Latency constant(Duration oneWay) {
            return new Latency(oneWay, oneWay);
        }

        /** @return zero latency */
        public static Latency none() {
            return constant(Duration.ZERO);
        }
    }

    /**
     * Honest nodes leaving and joining: every virtual minute from {@code after}, a share of the running
     * honest nodes stops; each comes back after {@code downtime} — the same node at the same address
     * with its stored state (peer cache) when {@code keepState}, otherwise a new node at a new address
     * with empty storage (a replacement).
     *
     * @param perMinute share of running honest nodes leaving per minute (0 to 1)
     * @param keepState whether a node comes back with its state (a restart) or is replaced
     * @param downtime  how long it stays away (0 to 1 day)
     * @param after     when churn begins
     */
    public record Churn(double perMinute, boolean keepState, Duration downtime, Duration after) {
        /** Checks. */
        public Churn {
            share("churn.per_minute", perMinute);
            Checks.checkArgument(!downtime.isNegative() && downtime.compareTo(Duration.ofDays(1)) <= 0,
                    "churn.downtime: %s (expected: 0s to 1d)", downtime);
            Checks.notNegative("churn.after", after);
        }

        /** @return no churn */
        public static Churn none() {
            return new Churn(0, false, Duration.ZERO, Duration.ZERO);
        }
    }

    /**
     * The adversaries' victims (every group's, the first honest nodes to join) all stop at {@code at}
     * and start again after {@code downtime}, each the same node at the same address with its stored
     * state (peer cache, anchors): the restart an attacker who holds a victim's inbound slots and
     * filled its address book waits for (issue 16 §2, {@code eclipse-victims}).
     *
     * @param at       when they stop
     * @param downtime how long they stay away (0 to 1 day)
     */
    public record VictimRestart(Duration at, Duration downtime) {
        /** Checks. */
        public VictimRestart {
            Checks.notNegative("victim_restart.at", at);
            Checks.checkArgument(!downtime.isNegative() && downtime.compareTo(Duration.ofDays(1)) <= 0,
                    "victim_restart.downtime: %s (expected: 0s to 1d)", downtime);
        }
    }

    /**
     * How honest nodes' IPs spread: evenly over {@code prefixes} IPv4 /16 prefixes, {@code nodesPerIp}
     * nodes sharing each IP (on consecutive ports from the network's default).
     *
     * @param prefixes   /16 prefixes the honest nodes spread over (1 to 8,192)
     * @param nodesPerIp nodes behind one IP (1 to 64)
     */
    public record AddressSpace(int prefixes, int nodesPerIp) {
        /** Checks. */
        public AddressSpace {
            Checks.inRange("address_space.prefixes", prefixes, 1, 8_192);
            Checks.inRange("address_space.nodes_per_ip", nodesPerIp, 1, 64);
        }

        /** @return 256 prefixes, one node per IP */
        public static AddressSpace defaults() {
            return new AddressSpace(256, 1);
        }
    }

    /**
     * One group of adversary nodes: real peerset nodes running {@code strategy}.
     *
     * @param strategy   the name of an {@link io.peerset.sim.spi.AdversaryStrategyProvider}
     * @param count      how many nodes (1 to {@link #MAX_ADVERSARIES})
     * @param prefixes   /16 prefixes their IPs spread over (1 to 8,192), disjoint from the honest ones
     * @param start      when they start (all at once)
     * @param victims    honest nodes singled out for the strategy (the first to join, 0 to 10,000)
     * @param parameters the strategy's own settings, by name
     */
    public record AdversaryGroup(String strategy, int count, int prefixes, Duration start, int victims,
                                 Map<String, String> parameters) {
        /** Checks and copies (parameters sorted by name). */
        public AdversaryGroup {
            requireNonNull(strategy, "strategy");
            Checks.inRange("adversary.count", count, 1, MAX_ADVERSARIES);
            Checks.inRange("adversary.prefixes", prefixes, 1, 8_192);
            Checks.notNegative("adversary.start", start);
            Checks.inRange("adversary.victims", victims, 0, 10_000);
            Checks.checkArgument((count + prefixes - 1) / prefixes <= 254 * 256,
                    "adversary.count: %s (expected: at most 65,024 per prefix, %s prefixes)", count, prefixes);
            parameters = Collections.unmodifiableMap(new TreeMap<>(parameters));
        }
    }

    private static double share(String name, double value) {
        Checks.checkArgument(value >= 0 && value <= 1, "%s: %s (expected: 0 to 1)", name, value);
        return value;
    }

    /** Builds a {@link Scenario}. Not thread-safe. */
    public static final class Builder {
        private String name = "scenario";
        private int nodes = 100;
        private Duration joinOver = Duration.ofMinutes(1);
        private Duration duration = Duration.ofMinutes(10);
        private Duration sampleInterval = Duration.ofSeconds(10);
        private NodeConfig node;
        private Optional<Variant> compare = Optional.empty();
        private Seeders seeders = Seeders.defaults();
        private Latency latency = Latency.none();
        private Latency adversaryLatency;
        private double connectFailure;
        private Duration meanLinkLifetime = Duration.ZERO;
        private Churn churn = Churn.none();
        private Optional<VictimRestart> victimRestart = Optional.empty();
        private AddressSpace addressSpace = AddressSpace.defaults();
        private int requestsPerMinute = 1;
        private int peerCache;
        private List<AdversaryGroup> adversaries = new ArrayList<>();

        private Builder(Network network) {
            // the reference's behaviour unless told otherwise: the baseline defences are measured against
            this.node = NodeConfig.builder(requireNonNull(network, "network")).referenceBehaviour().build();
        }

        /** @param name for reports @return this */
        public Builder name(String name) {
            this.name = requireNonNull(name, "name");
            return this;
        }

        /** @param nodes honest nodes at the start, 1 to {@link #MAX_NODES} @return this */
        public Builder nodes(int nodes) {
            this.nodes = Checks.inRange("nodes", nodes, 1, MAX_NODES);
            return this;
        }

        /** @param joinOver the honest nodes' starts spread evenly over this, at most the duration @return this */
        public Builder joinOver(Duration joinOver) {
            this.joinOver = Checks.notNegative("join_over", joinOver);
            return this;
        }

        /** @param duration virtual time to run, 1 s to 7 days @return this */
        public Builder duration(Duration duration) {
            Checks.checkArgument(duration.compareTo(Duration.ofSeconds(1)) >= 0 && duration.compareTo(MAX_DURATION) <= 0,
                    "duration: %s (expected: 1s to 7d)", duration);
            this.duration = duration;
            return this;
        }

        /** @param interval between samples, at least 1 s @return this */
        public Builder sampleInterval(Duration interval) {
            Checks.checkArgument(interval.compareTo(MIN_SAMPLE_INTERVAL) >= 0,
                    "sample_interval: %s (expected: at least 1s)", interval);
            this.sampleInterval = interval;
            return this;
        }

        /** @param node the honest nodes' settings; its network is the scenario's @return this */
        public Builder node(NodeConfig node) {
            this.node = requireNonNull(node, "node");
            return this;
        }

        /** @param variant the second configuration of compare mode @return this */
        public Builder compare(Variant variant) {
            this.compare = Optional.of(variant);
            return this;
        }

        /** @param seeders the seeders @return this */
        public Builder seeders(Seeders seeders) {
            this.seeders = requireNonNull(seeders, "seeders");
            return this;
        }

        /** @param latency of links between honest nodes @return this */
        public Builder latency(Latency latency) {
            this.latency = requireNonNull(latency, "latency");
            return this;
        }

        /** @param latency of links with an adversary at one end @return this */
        public Builder adversaryLatency(Latency latency) {
            this.adversaryLatency = requireNonNull(latency, "latency");
            return this;
        }

        /** @param share of dials refused by the network, 0 to 1 @return this */
        public Builder connectFailure(double share) {
            this.connectFailure = share("connect_failure", share);
            return this;
        }

        /** @param mean lifetime of a link before a reset; zero for never @return this */
        public Builder meanLinkLifetime(Duration mean) {
            this.meanLinkLifetime = Checks.notNegative("mean_link_lifetime", mean);
            return this;
        }

        /** @param churn nodes leaving and joining @return this */
        public Builder churn(Churn churn) {
            this.churn = requireNonNull(churn, "churn");
            return this;
        }

        /** @param restart when the victims restart, with their stored state @return this */
        public Builder victimRestart(VictimRestart restart) {
            this.victimRestart = Optional.of(requireNonNull(restart, "victimRestart"));
            return this;
        }

        /** @param space how IPs spread @return this */
        public Builder addressSpace(AddressSpace space) {
            this.addressSpace = requireNonNull(space, "space");
            return this;
        }

        /** @param requests routed per honest node and virtual minute, 0 to 600 @return this */
        public Builder requestsPerMinute(int requests) {
            this.requestsPerMinute = Checks.inRange("requests_per_minute", requests, 0, 600);
            return this;
        }

        /** @param addresses in each honest node's peer cache before its first start, 0 to 75 @return this */
        public Builder peerCache(int addresses) {
            this.peerCache = Checks.inRange("peer_cache", addresses, 0, 75);
            return this;
        }

        /** @param group one more adversary group @return this */
        public Builder adversary(AdversaryGroup group) {
            adversaries.add(requireNonNull(group, "group"));
            return this;
        }

        /** @param groups the adversary groups, replacing those added so far @return this */
        public Builder adversaries(List<AdversaryGroup> groups) {
            this.adversaries = new ArrayList<>(groups);
            return this;
        }

        /** @return the scenario */
        public Scenario build() {
            Checks.checkArgument(joinOver.compareTo(duration) <= 0, "join_over: %s (expected: at most the duration, %s)",
                    joinOver, duration);
            long hosts = (long) addressSpace.prefixes() * 254 * 256 * addressSpace.nodesPerIp();
            Checks.checkArgument(nodes <= hosts, "nodes: %s (expected: at most %s, what address_space holds)", nodes, hosts);
            compare.ifPresent(v -> Checks.checkArgument(v.node().network().equals(node.network()),
                    "compare: network %s (expected: the scenario's, %s)", v.node().network().name(), node.network().name()));
            return new Scenario(this);
        }
    }
}
