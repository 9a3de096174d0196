package io.peerset.cli.census;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.ChainTip;
import io.peerset.api.NodeConfig;
import io.peerset.api.PeerSetConfig;
import io.peerset.api.PeerSetNode;
import io.peerset.api.Traffic;
import io.peerset.api.spi.Acceptor;
import io.peerset.api.spi.CandidateSourceProvider;
import io.peerset.api.spi.Connection;
import io.peerset.api.spi.Transport;
import io.peerset.core.PeerSets;
import io.peerset.core.Threading;
import io.peerset.inmemory.InMemoryNetwork;
import io.peerset.inmemory.VirtualScheduler;
import io.peerset.testkit.VirtualNetwork;
import io.peerset.wire.Network;
import io.peerset.wire.NetworkUpgrade;
import io.peerset.wire.PeerAddress;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/**
 * Whole nodes on the in-memory network under one virtual clock, on the test thread, assembled from
 * the library's public API only ({@link PeerSets#nodeBuilder}, {@link Threading#on},
 * {@code io.peerset.inmemory}), as any application's tests would: the census's counterpart. Nothing
 * runs unless the test advances {@link #clock}. Deterministic for a seed: the network is a testkit
 * {@link VirtualNetwork} (from {@link io.peerset.testkit.VirtualNetworkExtension}, which closes the
 * nodes after the test, or {@link VirtualNetwork#seeded} for a property's examples), and each node's
 * generator is drawn from its seeded generator.
 */
final class CensusNet {

    static final Network NETWORK = Network.MAINNET;
    static final ChainTip TIP = ChainTip.fixed(2_500_000, NetworkUpgrade.NU6_2, false);
    /** The census's own host: no node listens there. */
    static final String CENSUS_IP = "10.8.0.1";

    final VirtualNetwork net;
    final VirtualScheduler clock;
    final InMemoryNetwork network;
    private final SplittableRandom seeds;

    /** @param net the network to start nodes on; each node started is closed with it */
    CensusNet(VirtualNetwork net) {
        this.net = net;
        this.clock = net.scheduler();
        this.network = net.network();
        this.seeds = net.random();
    }

    /** @param seed the seed of a fresh network of its own (not closed after the test: a property's example) */
    CensusNet(long seed) {
        this(VirtualNetwork.seeded(seed));
    }

    static PeerAddress address(String ip) {
        return PeerAddress.parse(ip + ":" + NETWORK.defaultPort());
    }

    /**
     * Starts a node listening on {@code ip}'s default port.
     *
     * @param ip     the node's host
     * @param target its peer set's initial target size
     * @param known  what its one candidate source (a seeder) answers
     * @param tune   further settings
     * @return the running node
     */
    PeerSetNode start(String ip, int target, List<PeerAddress> known, UnaryOperator<NodeConfig.Builder> tune) {
        NodeConfig config = tune.apply(NodeConfig.builder(NETWORK).listenAddress(address(ip)).noCache()
                .initialPeers(List.of()).peerSet(PeerSetConfig.builder(NETWORK).initialTargetSize(target).build()))
                .build();
        CompletableFuture<PeerSetNode> starting = PeerSets.nodeBuilder(config)
                .chainTip(TIP)
                .transport(network.transport(NETWORK, ip))
                .scheduler(clock)
                .threading(Threading.on(clock))
                .random(new SplittableRandom(seeds.nextLong()))
                .candidateSources(List.of(CandidateSourceProvider.of("seeder",
                        () -> CompletableFuture.completedFuture(known))))
                .startAsync();
        clock.runUntilIdle();
        assertThat(starting).as("node %s started", ip).isCompleted();
        return net.closeAfter(starting.join());
    }

    /** @return a transport for the census's host that records its dials */
    CountingTransport censusTransport() {
        return new CountingTransport(network.transport(NETWORK, CENSUS_IP), clock);
    }

    /**
     * A transport that records each dial (when it started, on the virtual clock) and how many connects
     * were pending at once, in all and per IP (a connect is pending from the dial until it succeeds or
     * fails). Used on the clock's thread only.
     */
    static final class CountingTransport implements Transport {
        private final Transport inner;
        private final VirtualScheduler clock;
        final List<Long> dialNanos = new ArrayList<>();
        final List<PeerAddress> dialled = new ArrayList<>();
        private final Map<InetAddress, Integer> pendingByIp = new HashMap<>();
        private int pending;
        int maxPending;
        int maxPendingPerIp;

        CountingTransport(Transport inner, VirtualScheduler clock) {
            this.inner = inner;
            this.clock = clock;
        }

        @Override
        public String name() {
            return "counting-" + inner.name();
        }

        @Override
        public Traffic traffic() {
            return inner.traffic();
        }

        @Override
        public CompletableFuture<Acceptor> listen(PeerAddress address) {
            return inner.listen(address);
        }

        @Override
        public CompletableFuture<Connection> connect(PeerAddress address, Duration timeout) {
            dialNanos.add(clock.nanoTime());
            dialled.add(address);
            maxPending = Math.max(maxPending, ++pending);
            maxPendingPerIp = Math.max(maxPendingPerIp, pendingByIp.merge(address.ip(), 1, Integer::sum));
            return inner.connect(address, timeout).whenComplete((c, e) -> {
                pending--;
                pendingByIp.merge(address.ip(), -1, Integer::sum);
            });
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
