package io.peerset.sim;

import io.peerset.api.ChainTip;
import io.peerset.api.NodeConfig;
import io.peerset.api.PeerSetNode;
import io.peerset.api.Request;
import io.peerset.api.Traffic;
import io.peerset.api.spi.CandidateSourceProvider;
import io.peerset.core.PeerSets;
import io.peerset.core.Providers;
import io.peerset.core.Threading;
import io.peerset.inmemory.InMemoryNetwork;
import io.peerset.inmemory.VirtualScheduler;
import io.peerset.sim.spi.AdversaryContext;
import io.peerset.sim.spi.AdversaryStrategy;
import io.peerset.wire.NetworkUpgrade;
import io.peerset.wire.PeerAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * One run of a scenario with one node configuration: builds the hosts, starts and stops real nodes on
 * the virtual clock as the scenario says, and samples what it observes. Everything happens on the
 * caller's thread inside {@link VirtualScheduler#advance}; every draw comes from generators split from
 * the seed in a fixed order, and every collection iterated is ordered, so a seed names one run.
 */
final class World {

    /** The chain tip every node reports: a synced Mainnet node after NU6.2 (the simulated network is synced). */
    static final ChainTip TIP = ChainTip.fixed(3_100_000, NetworkUpgrade.NU6_2, false);
    /** Where honest /16 prefixes begin (first octet); adversaries' begin at {@link #ADVERSARY_FIRST_OCTET}. */
    static final int HONEST_FIRST_OCTET = 11;
    static final int ADVERSARY_FIRST_OCTET = 100;
    /** Hosts of one /16 the simulator hands out: x.y.0.1 to x.y.255.254, 254 per /24. */
    static final int HOSTS_PER_PREFIX = 254 * 256;

    /** The core's peer-cache candidate source, which reads a node's {@code NodeStorage}. */
    private static final List<CandidateSourceProvider> DISK_CACHE = Providers.candidateSourceProviders()
            .stream().filter(p -> p.name().equals("disk-cache")).toList();

    final Scenario scenario;
    final NodeConfig honestConfig;
    final VirtualScheduler clock = new VirtualScheduler();
    final InMemoryNetwork net = new InMemoryNetwork(clock);
    private final SplittableRandom nodeSeeds;
    private final SplittableRandom seederRandom;
    private final SplittableRandom workloadRandom;
    private final SplittableRandom churnRandom;
    private final SplittableRandom linkRandom;
    private final SplittableRandom faultRandom;
    final List<SimNode> honest = new ArrayList<>();
    /** Running honest nodes, in start order: what seeders list and churn draws from. */
    final List<SimNode> running = new ArrayList<>();
    final List<SimNode> adversaries = new ArrayList<>();
    /** Running adversary nodes, in start order: seeders list them like any reachable node. */
    private final List<SimNode> runningAdversaries = new ArrayList<>();
    private final Map<InetAddress, Integer> groupOfIp = new HashMap<>();
    private final List<Group> groups = new ArrayList<>();
    private final List<PeerAddress> adversaryAddresses = new ArrayList<>();
    private final List<PeerAddress> seederPoison = new ArrayList<>();
    private double seederPoisonShare;
    private int honestAllocated;
    private final Consumer<String> progress;
    /** Traffic of every honest node, stopped incarnations included, summed when a node stops. */
    final TrafficSum honestTraffic = new TrafficSum();

    World(Scenario scenario, NodeConfig honestConfig, long seed, List<AdversaryStrategy> strategies,
          Consumer<String> progress) {
        this.scenario = scenario;
        this.honestConfig = honestConfig;
        this.progress = progress;
        SplittableRandom root = new SplittableRandom(seed);
        this.nodeSeeds = root.split();
        this.seederRandom = root.split();
        this.workloadRandom = root.split();
        this.churnRandom = root.split();
        this.linkRandom = root.split();
        this.faultRandom = root.split();
        int prefix = 0;
        for (int g = 0; g < scenario.adversaries().size(); g++) {
            Scenario.AdversaryGroup spec = scenario.adversaries().get(g);
            Group group = new Group(spec, strategies.get(g), root.split(), prefix);
            for (int j = 0; j < spec.count(); j++) {
                int p = prefix + j % spec.prefixes();
                int host = j / spec.prefixes();
                PeerAddress a = address(ADVERSARY_FIRST_OCTET, p, host, 0);
                SimNode n = new SimNode(adversaries.size(), a, g);
                adversaries.add(n);
                group.nodes.add(a);
                adversaryAddresses.add(a);
                groupOfIp.put(a.ip(), g);
            }
            prefix += spec.prefixes();
            groups.add(group);
            if (group.strategy.seederShare() > 0) {
                seederPoison.addAll(group.nodes);
                seederPoisonShare += group.strategy.seederShare();
            }
        }
        if (scenario.seeders().poisoned() > 0) {
            seederPoisonShare += scenario.seeders().poisoned();
            if (seederPoison.isEmpty()) {
                seederPoison.addAll(adversaryAddresses);
            }
        }
        seederPoisonShare = Math.min(1, seederPoisonShare);
        for (int i = 0; i < scenario.nodes(); i++) {
            honest.add(newHonest());
        }
        net.linkLatency(this::linkLatency);
        preloadPeerCaches(root.split());
    }

    /** Fills each honest node's stored peer cache with addresses of other honest nodes (scenario {@code peer_cache}). */
    private void preloadPeerCaches(SplittableRandom random) {
        int want = Math.min(scenario.peerCache(), honest.size() - 1);
        for (SimNode n : honest) {
            Set<PeerAddress> cache = new LinkedHashSet<>();
            while (cache.size() < want) {
                SimNode other = honest.get(random.nextInt(honest.size()));
                if (other != n) {
                    cache.add(other.address);
                }
            }
            try {
                n.storage.peerCache(honestConfig.network()).write(new ArrayList<>(cache));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private SimNode newHonest() {
        int k = honestAllocated++;
        Scenario.AddressSpace space = scenario.addressSpace();
        int ip = k / space.nodesPerIp();
        PeerAddress a = address(HONEST_FIRST_OCTET, ip % space.prefixes(), ip / space.prefixes(), k % space.nodesPerIp());
        return new SimNode(k, a, -1);
    }

    /** An IPv4 address in /16 prefix {@code prefix} counted from {@code firstOctet}.0, host {@code host} in it. */
    private PeerAddress address(int firstOctet, int prefix, int host, int portOffset) {
        if (host >= HOSTS_PER_PREFIX) {
            // more hosts than the prefixes hold (many nodes or replacements in few prefixes): fail
            // rather than hand out an address twice
            throw new IllegalArgumentException((firstOctet == HONEST_FIRST_OCTET ? "address_space.prefixes" : "adversary.prefixes")
                    + ": the prefixes are full at " + HOSTS_PER_PREFIX + " hosts each (expected: more prefixes for this many nodes)");
        }
        int a = firstOctet + prefix / 256;
        int b = prefix % 256;
        int c = host / 254 % 256;
        int d = 1 + host % 254;
        try {
            InetAddress ip = InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
            return new PeerAddress(ip, honestConfig.network().defaultPort() + portOffset);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private Duration linkLatency(InetAddress dialer, PeerAddress listener) {
        Integer g = groupOfIp.get(dialer);
        if (g == null) {
            g = groupOfIp.get(listener.ip());
        }
        Scenario.Latency l = scenario.latency();
        if (g != null) {
            Group group = groups.get(g);
            if (group.strategy.latency().isPresent()) {
                return group.strategy.latency().get();
            }
            l = scenario.adversaryLatency();
        }
        long min = l.min().toNanos();
        long span = l.max().toNanos() - min;
        return Duration.ofNanos(span == 0 ? min : min + linkRandom.nextLong(span + 1));
    }

    /** @return whether the address is in the adversaries' address space (their nodes and the unreachable addresses they gossip) */
    boolean isAdversary(PeerAddress address) {
        byte[] ip = address.ip().getAddress();
        int first = ip[0] & 0xff;
        return ip.length == 4 && first >= ADVERSARY_FIRST_OCTET && first < ADVERSARY_FIRST_OCTET + 32;
    }

    /** Schedules the starts, churn and requests; the caller then advances the clock. */
    void schedule() {
        for (Group g : groups) {
            clock.schedule(g.spec.start(), () -> {
                for (SimNode n : adversaries) {
                    if (groups.get(n.group) == g) {
                        start(n);
                    }
                }
            });
        }
        int n = honest.size();
        long spread = scenario.joinOver().toNanos();
        for (int i = 0; i < n; i++) {
            SimNode node = honest.get(i);
            clock.schedule(Duration.ofNanos(n == 1 ? 0 : spread / n * i), () -> start(node));
        }
        if (scenario.churn().perMinute() > 0) {
            clock.schedule(scenario.churn().after().plusMinutes(1), this::churn);
        }
        scenario.victimRestart().ifPresent(r -> clock.schedule(r.at(), () -> {
            for (SimNode v : victims()) {
                if (running.remove(v)) {
                    stop(v);
                    clock.schedule(r.downtime(), () -> start(v));
                }
            }
        }));
    }

    private void start(SimNode n) {
        Group group = n.honest() ? null : groups.get(n.group);
        // The attacker's settings do not follow ours: an adversary starts from the scenario's baseline
        // in every run of a compare, so both runs face the same attacker (with the run's settings, the
        // attackers of a "peerset" run got peerset's faster listener too, and a stronger attack).
        NodeConfig base = (group == null ? honestConfig : scenario.node()).toBuilder().listenAddress(n.address)
                .noCache().initialPeers(List.of()).build();
        NodeConfig config = group == null ? base : group.strategy.configure(base);
        // the node's own peer cache (its storage, kept across restarts), then the scenario's seeders; no
        // DNS and no configured peers: the seeders stand for both
        List<CandidateSourceProvider> sources = new ArrayList<>();
        if (group != null) {
            // an adversary's targets first: its initial dials go to them before anything else
            List<PeerAddress> targets = group.strategy.initialPeers(group);
            if (!targets.isEmpty()) {
                sources.add(CandidateSourceProvider.of("targets", () -> CompletableFuture.completedFuture(targets)));
            }
        }
        sources.addAll(DISK_CACHE);
        for (int k = 0; k < scenario.seeders().count(); k++) {
            int seeder = k;
            sources.add(CandidateSourceProvider.of("seeder-" + k, () -> seederAnswer(seeder, n)));
        }
        SimTransport transport = new SimTransport(net.transport(config.network(), n.address.ipText()), clock,
                faultRandom.split(), scenario.connectFailure(), scenario.meanLinkLifetime(),
                group == null ? null : group.strategy, group);
        n.target = config.peerSet().initialTargetSize();
        n.startedAt = clock.nanoTime();
        CompletableFuture<PeerSetNode> starting = PeerSets.nodeBuilder(config)
                .chainTip(TIP)
                .transport(transport)
                .scheduler(clock)
                .threading(Threading.on(clock))
                .random(new SplittableRandom(nodeSeeds.nextLong()))
                .storage(n.storage)
                .candidateSources(sources)
                .listener(event -> n.observe(event, this))
                .nodeListener(n::observe)
                .startAsync();
        starting.whenComplete((node, error) -> {
            if (error != null) {
                progress.accept("simulate: node " + n.address + " did not start: " + error);
                return;
            }
            n.node = node;
            if (n.honest()) {
                running.add(n);
                scheduleRequests(n, node);
            } else {
                runningAdversaries.add(n);
            }
        });
    }

    CompletableFuture<List<PeerAddress>> seederAnswer(int seeder, SimNode asker) {
        Duration now = Duration.ofNanos(clock.nanoTime());
        if (scenario.seeders().downAt(now)) {
            return CompletableFuture.failedFuture(new IOException("seeder-" + seeder + " is down (scenario)"));
        }
        int want = scenario.seeders().answer();
        int poisoned = seederPoison.isEmpty() ? 0 : (int) Math.round(want * seederPoisonShare);
        List<PeerAddress> answer = new ArrayList<>(want);
        for (int i = 0; i < poisoned; i++) {
            PeerAddress a = seederPoison.get(seederRandom.nextInt(seederPoison.size()));
            if (!answer.contains(a)) {
                answer.add(a);
            }
        }
        double knows = scenario.seeders().knows();
        // a seeder lists every reachable node it knows, adversaries included (they run real nodes);
        // rejection sampling: bounded attempts, so a seeder that knows few nodes answers with fewer
        int pool = running.size() + runningAdversaries.size();
        for (int attempt = 0; answer.size() < want && attempt < want * 20 && pool > 0; attempt++) {
            int pick = seederRandom.nextInt(pool);
            SimNode candidate = pick < running.size() ? running.get(pick) : runningAdversaries.get(pick - running.size());
            if (candidate == asker || !knownBy(seeder, candidate, knows) || answer.contains(candidate.address)) {
                continue;
            }
            answer.add(candidate.address);
        }
        return CompletableFuture.completedFuture(answer);
    }

    /** Whether a seeder lists a node: a fixed draw per (seeder, node), independent of the order of asks. */
    private static boolean knownBy(int seeder, SimNode node, double knows) {
        if (knows >= 1) {
            return true;
        }
        long id = node.honest() ? node.id : -1L - node.id;
        long h = new SplittableRandom(seeder * 0x9E3779B97F4A7C15L ^ id).nextLong();
        return (h >>> 11) * 0x1.0p-53 < knows;
    }

    private void scheduleRequests(SimNode n, PeerSetNode node) {
        int perMinute = scenario.requestsPerMinute();
        if (perMinute == 0) {
            return;
        }
        long period = Duration.ofMinutes(1).toNanos() / perMinute;
        Runnable[] next = new Runnable[1];
        next[0] = () -> {
            if (n.node != node) {
                return; // stopped or restarted: the new incarnation has its own schedule
            }
            node.peerSet().call(new Request.Ping(workloadRandom.nextLong())).exceptionally(e -> null);
            clock.schedule(Duration.ofNanos(period), next[0]);
        };
        clock.schedule(Duration.ofNanos(workloadRandom.nextLong(period) + 1), next[0]);
    }

    private void churn() {
        Scenario.Churn c = scenario.churn();
        double expected = c.perMinute() * running.size();
        int leaving = (int) expected + (churnRandom.nextDouble() < expected - (int) expected ? 1 : 0);
        for (int i = 0; i < leaving && !running.isEmpty(); i++) {
            SimNode n = running.remove(churnRandom.nextInt(running.size()));
            stop(n);
            SimNode comes = c.keepState() ? n : newHonestReplacement();
            clock.schedule(c.downtime(), () -> start(comes));
        }
        clock.schedule(Duration.ofMinutes(1), this::churn);
    }

    private SimNode newHonestReplacement() {
        SimNode n = newHonest();
        honest.add(n);
        return n;
    }

    private void stop(SimNode n) {
        PeerSetNode node = n.node;
        if (node == null) {
            return;
        }
        if (n.honest()) {
            honestTraffic.add(node.traffic());
        }
        n.stopped();
        node.close();
    }

    /** Advances the clock to the end, sampling on the way. */
    void run(Consumer<Figures> onSample, Stats stats) {
        schedule();
        long end = scenario.duration().toNanos();
        long step = scenario.sampleInterval().toNanos();
        long t = 0;
        while (t < end) {
            long next = Math.min(end, t + step);
            stats.tasksRan(clock.advance(Duration.ofNanos(next - t)));
            t = next;
            onSample.accept(stats.sample(this));
            progress.accept(String.format("simulate: %s, %d s of %d s virtual, %d honest nodes running",
                    scenario.name(), t / 1_000_000_000L, end / 1_000_000_000L, running.size()));
        }
    }

    /** @return the honest nodes any adversary group singles out (the first to join), in order */
    List<SimNode> victims() {
        int most = 0;
        for (Group g : groups) {
            most = Math.max(most, g.spec.victims());
        }
        return firstToJoin(most);
    }

    /** @return the first {@code n} honest nodes to join (fewer if there are fewer): victims are these */
    private List<SimNode> firstToJoin(int n) {
        return honest.subList(0, Math.min(n, honest.size()));
    }

    /** Stops every node and lets the shutdowns finish. */
    void close() {
        for (SimNode n : honest) {
            PeerSetNode node = n.node;
            n.stopped();
            if (node != null) {
                node.close();
            }
        }
        for (SimNode n : adversaries) {
            PeerSetNode node = n.node;
            n.stopped();
            if (node != null) {
                node.close();
            }
        }
        clock.advance(Duration.ofMinutes(1));
    }

    /** One adversary group: its strategy, its nodes and its victims. */
    final class Group implements AdversaryContext {
        final Scenario.AdversaryGroup spec;
        final AdversaryStrategy strategy;
        final SplittableRandom random;
        final List<PeerAddress> nodes = new ArrayList<>();

        final int firstPrefix;

        Group(Scenario.AdversaryGroup spec, AdversaryStrategy strategy, SplittableRandom random, int firstPrefix) {
            this.spec = spec;
            this.strategy = strategy;
            this.random = random;
            this.firstPrefix = firstPrefix;
        }

        @Override
        public int unreachableCapacity() {
            int firstFreeHost = (spec.count() + spec.prefixes() - 1) / spec.prefixes();
            return (HOSTS_PER_PREFIX - firstFreeHost) * spec.prefixes();
        }

        @Override
        public PeerAddress unreachable(int i) {
            if (i < 0 || i >= unreachableCapacity()) {
                throw new IllegalArgumentException("i: " + i + " (expected: 0 to " + (unreachableCapacity() - 1) + ")");
            }
            // hosts after the group's nodes in its prefixes; nothing listens there
            int firstFreeHost = (spec.count() + spec.prefixes() - 1) / spec.prefixes();
            PeerAddress a = address(ADVERSARY_FIRST_OCTET, firstPrefix + i % spec.prefixes(), firstFreeHost + i / spec.prefixes(), 0);
            net.dropConnectsTo(a);
            return a;
        }

        @Override
        public List<PeerAddress> group() {
            return nodes;
        }

        @Override
        public List<PeerAddress> adversaries() {
            return adversaryAddresses;
        }

        @Override
        public List<PeerAddress> victims() {
            return firstToJoin(spec.victims()).stream().map(n -> n.address).toList();
        }

        @Override
        public Duration now() {
            return Duration.ofNanos(clock.nanoTime());
        }

        @Override
        public Instant instant() {
            return clock.instant();
        }

        @Override
        public RandomGenerator random() {
            return random;
        }
    }

    /** Messages and bytes by command, summed over nodes, by command name. */
    static final class TrafficSum {
        final Map<String, long[]> byCommand = new TreeMap<>();

        void add(Traffic traffic) {
            for (Traffic.Command c : traffic.commands()) {
                long[] sum = byCommand.computeIfAbsent(c.command(), k -> new long[4]);
                sum[0] += c.messagesSent();
                sum[1] += c.bytesSent();
                sum[2] += c.messagesReceived();
                sum[3] += c.bytesReceived();
            }
        }
    }
}
