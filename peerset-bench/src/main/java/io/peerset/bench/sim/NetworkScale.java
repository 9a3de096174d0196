package io.peerset.bench.sim;

import io.peerset.addressbook.DefaultAddressBookProvider;
import io.peerset.api.ChainTip;
import io.peerset.api.NodeConfig;
import io.peerset.api.NodeStatus;
import io.peerset.api.PeerAddrState;
import io.peerset.api.PeerSetConfig;
import io.peerset.api.PeerSetNode;
import io.peerset.api.spi.CandidateSourceProvider;
import io.peerset.api.spi.NodeStorage;
import io.peerset.core.PeerSets;
import io.peerset.core.Threading;
import io.peerset.core.peer.ZcashHandshakerProvider;
import io.peerset.inmemory.InMemoryNetwork;
import io.peerset.inmemory.VirtualScheduler;
import io.peerset.wire.Network;
import io.peerset.wire.NetworkUpgrade;
import io.peerset.wire.PeerAddress;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * A scale probe of whole networks of real nodes under virtual time (issue 15 section 3), from
 * public API only: {@code nodes} nodes on one {@link InMemoryNetwork} and one
 * {@link VirtualScheduler}, at the reference's settings unless told otherwise, started evenly over
 * the first virtual minute, finding each other through three seeders (candidate sources that each
 * answer {@code seederAnswer} random addresses of the nodes started so far), run for
 * {@code minutes} virtual minutes.
 *
 * <p>Prints the wall time (and the main thread's CPU time: on a shared machine, the steadier figure
 * for comparing two versions), the heap used after a full GC, the tasks the scheduler ran, and a
 * fingerprint of the outcome (every node's counters, hashed in node order, and the histogram of
 * outbound counts): the same seed must give the same fingerprint and task count, before and after
 * any change that claims to change only speed.
 *
 * <pre>
 * java -Xmx4g -cp peerset-bench/target/benchmarks.jar io.peerset.bench.sim.NetworkScale \
 *     nodes=1000 minutes=10 seed=1 [target=25] [seederAnswer=25] [seeders=3]
 * </pre>
 */
public final class NetworkScale {

    private static final Network NETWORK = Network.MAINNET;
    private static final ChainTip TIP = ChainTip.fixed(2_500_000, NetworkUpgrade.NU6_2, false);

    private NetworkScale() {
    }

    public static void main(String[] args) {
        Map<String, String> opts = new TreeMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("argument: " + a + " (expected: key=value)");
            }
            opts.put(a.substring(0, eq), a.substring(eq + 1));
        }
        int n = Integer.parseInt(opts.getOrDefault("nodes", "1000"));
        int minutes = Integer.parseInt(opts.getOrDefault("minutes", "10"));
        long seed = Long.parseLong(opts.getOrDefault("seed", "1"));
        int seeders = Integer.parseInt(opts.getOrDefault("seeders", "3"));
        int seederAnswer = Integer.parseInt(opts.getOrDefault("seederAnswer", "25"));
        Integer target = opts.containsKey("target") ? Integer.valueOf(opts.get("target")) : null;

        VirtualScheduler clock = new VirtualScheduler();
        InMemoryNetwork net = new InMemoryNetwork(clock);
        SplittableRandom seeds = new SplittableRandom(seed);
        List<PeerAddress> live = new ArrayList<>();
        List<CandidateSourceProvider> sources = new ArrayList<>();
        for (int s = 0; s < seeders; s++) {
            SplittableRandom r = new SplittableRandom(seeds.nextLong());
            sources.add(CandidateSourceProvider.of("seeder-" + s,
                    () -> CompletableFuture.completedFuture(sample(live, seederAnswer, r))));
        }
        PeerSetNode[] nodes = new PeerSetNode[n];
        long[] nodeSeeds = new long[n];
        for (int i = 0; i < n; i++) {
            nodeSeeds[i] = seeds.nextLong();
        }
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        long spreadNanos = Duration.ofMinutes(1).toNanos();
        for (int i = 0; i < n; i++) {
            int index = i;
            clock.schedule(Duration.ofNanos(spreadNanos * i / n), () -> {
                PeerAddress address = address(index);
                NodeConfig.Builder config = NodeConfig.builder(NETWORK).referenceBehaviour().listenAddress(address).initialPeers(List.of());
                if (target != null) {
                    config.peerSet(PeerSetConfig.builder(NETWORK).initialTargetSize(target).build());
                }
                PeerSets.nodeBuilder(config.build())
                        // named here: on the class path (a shaded jar) ServiceLoader sees no module's provides clause
                        .handshaker(new ZcashHandshakerProvider())
                        .addressBook(new DefaultAddressBookProvider())
                        .chainTip(TIP)
                        .transport(net.transport(NETWORK, address.ipText()))
                        .scheduler(clock)
                        .threading(Threading.on(clock))
                        .random(new SplittableRandom(nodeSeeds[index]))
                        .storage(NodeStorage.inMemory())
                        .candidateSources(sources)
                        .startAsync()
                        .whenComplete((node, e) -> {
                            if (e != null) {
                                throw new IllegalStateException("node " + index + " did not start", e);
                            }
                            nodes[index] = node;
                            live.add(address);
                        });
            });
        }
        long tasks = 0;
        for (int m = 1; m <= minutes; m++) {
            tasks += clock.advance(Duration.ofMinutes(1));
            System.err.printf("virtual minute %d: wall %.1f s, tasks %d, pending %d%n",
                    m, (System.nanoTime() - t0) / 1e9, tasks, clock.pendingTasks());
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
        long gcMillis = 0;
        long gcCount = 0;
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcMillis += Math.max(0, gc.getCollectionTime());
            gcCount += Math.max(0, gc.getCollectionCount());
        }

        long hash = 17;
        long outboundSum = 0;
        long inboundSum = 0;
        long handshakes = 0;
        int atTarget = 0;
        Map<Integer, Integer> histogram = new TreeMap<>();
        int targetSize = target != null ? target : PeerSetConfig.builder(NETWORK).build().initialTargetSize();
        for (PeerSetNode node : nodes) {
            NodeStatus st = node.status();
            outboundSum += st.outbound();
            inboundSum += st.inbound();
            handshakes += st.handshakesOk();
            if (st.outbound() >= targetSize) {
                atTarget++;
            }
            histogram.merge(st.outbound(), 1, Integer::sum);
            hash = hash * 31 + st.outbound();
            hash = hash * 31 + st.inbound();
            hash = hash * 31 + st.handshakesOk();
            hash = hash * 31 + st.handshakesFailed();
            hash = hash * 31 + st.peerSet().ready() + st.peerSet().busy() * 7L;
            for (PeerAddrState state : PeerAddrState.values()) {
                hash = hash * 31 + st.addressBook().getOrDefault(state, 0);
            }
        }
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();

        System.out.printf("nodes=%d minutes=%d seed=%d target=%d seeders=%dx%d%n",
                n, minutes, seed, targetSize, seeders, seederAnswer);
        System.out.printf("wall=%.2fs cpu=%.2fs gc=%d/%.2fs heapAfterGc=%dMiB tasks=%d pending=%d%n",
                wall, cpu, gcCount, gcMillis / 1e3, heap >> 20, tasks, clock.pendingTasks());
        System.out.printf("fingerprint=%016x outbound=%d inbound=%d handshakesOk=%d atTarget=%d%n",
                hash, outboundSum, inboundSum, handshakes, atTarget);
        System.out.println("outboundHistogram=" + histogram);

        long c0 = System.nanoTime();
        for (PeerSetNode node : nodes) {
            node.close();
        }
        clock.advance(Duration.ofMinutes(1));
        System.err.printf("closed in %.1f s (wall), pending %d%n", (System.nanoTime() - c0) / 1e9, clock.pendingTasks());
    }

    /** Node {@code i}'s address: 10.a.b.c, consecutive nodes in different /16s (250 of them). */
    static PeerAddress address(int i) {
        int a = 1 + i % 250;
        int b = 1 + (i / 250) % 250;
        int c = 1 + i / 62_500;
        return PeerAddress.parse("10." + a + "." + b + "." + c + ":" + NETWORK.defaultPort());
    }

    /** Up to {@code k} distinct addresses of {@code from}, chosen at random. */
    static List<PeerAddress> sample(List<PeerAddress> from, int k, SplittableRandom r) {
        int size = from.size();
        if (size <= k) {
            return List.copyOf(from);
        }
        // a partial Fisher-Yates over indices, without copying the whole list
        Map<Integer, Integer> swapped = new java.util.HashMap<>();
        List<PeerAddress> out = new ArrayList<>(k);
        for (int j = 0; j < k; j++) {
            int pick = j + r.nextInt(size - j);
            int value = swapped.getOrDefault(pick, pick);
            swapped.put(pick, swapped.getOrDefault(j, j));
            out.add(from.get(value));
        }
        return out;
    }
}
