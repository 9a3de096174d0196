package io.peerset.core.node;

import io.peerset.api.ChainTip;
import io.peerset.api.InboundService;
import io.peerset.api.NodeConfig;
import io.peerset.api.PeerSetConfig;
import io.peerset.api.spi.Acceptor;
import io.peerset.api.spi.AddressBookContext;
import io.peerset.api.spi.CandidateSource;
import io.peerset.api.spi.CandidateSourceProvider;
import io.peerset.api.spi.Connection;
import io.peerset.api.spi.NodeStorage;
import io.peerset.api.spi.Transport;
import io.peerset.core.Providers;
import io.peerset.core.common.PowerOfTwoChoices;
import io.peerset.inmemory.InMemoryNetwork;
import io.peerset.inmemory.VirtualScheduler;
import io.peerset.wire.Network;
import io.peerset.wire.NetworkUpgrade;
import io.peerset.wire.PeerAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whole nodes on the in-memory network under virtual time: every node is a {@link DefaultNode} with
 * the real handshake, peer set, address book (found with ServiceLoader) and crawler; everything runs
 * on the test thread inside {@code scheduler.advance}. Deterministic for a seed.
 */
public final class NodeNet {

    public static final Network NETWORK = Network.MAINNET;
    static final ChainTip TIP = ChainTip.fixed(2_500_000, NetworkUpgrade.NU6_2, false);

    public final VirtualScheduler scheduler = new VirtualScheduler();
    public final InMemoryNetwork net = new InMemoryNetwork(scheduler);
    final List<DefaultNode> nodes = new ArrayList<>();
    private final SplittableRandom seeds;

    public NodeNet(long seed) {
        this.seeds = new SplittableRandom(seed);
    }

    public static PeerAddress address(String ip) {
        return PeerAddress.parse(ip + ":" + NETWORK.defaultPort());
    }

    public static NodeConfig.Builder config(String ip, int target) {
        return NodeConfig.builder(NETWORK).listenAddress(address(ip)).noCache().initialPeers(List.of())
                .peerSet(PeerSetConfig.builder(NETWORK).initialTargetSize(target).build());
    }

    /** A candidate source that yields fixed addresses (a seeder's answer). */
    public static CandidateSourceProvider seeder(List<PeerAddress> answer) {
        return CandidateSourceProvider.of("test-seeder", () -> CompletableFuture.completedFuture(answer));
    }

    public DefaultNode start(NodeConfig config, List<CandidateSourceProvider> sources) {
        return start(config, sources, net.transport(config.network(), config.listenAddress().ipText()));
    }

    DefaultNode start(NodeConfig config, List<CandidateSourceProvider> sources, Transport transport) {
        return start(config, sources, transport, Providers.addressBookProvider(), node -> { });
    }

    /** Starts a node with the given address book and a hook that runs before the node begins. */
    DefaultNode start(NodeConfig config, List<CandidateSourceProvider> sources, Transport transport,
                      io.peerset.api.spi.AddressBookProvider books,
                      java.util.function.Consumer<? super DefaultNode> beforeBegin) {
        return start(config, sources, transport, books, java.util.Optional.empty(), beforeBegin);
    }

    /** Starts a node that keeps its state in {@code storage} (a restart: the same storage again). */
    DefaultNode start(NodeConfig config, List<CandidateSourceProvider> sources, NodeStorage storage,
                      java.util.function.Consumer<? super DefaultNode> beforeBegin) {
        return start(config, sources, net.transport(config.network(), config.listenAddress().ipText()),
                Providers.addressBookProvider(), java.util.Optional.of(storage), beforeBegin);
    }

    /** Starts a node whose application gives {@code tip} (the others have {@link #TIP}). */
    DefaultNode start(NodeConfig config, List<CandidateSourceProvider> sources, ChainTip tip,
                      java.util.function.Consumer<? super DefaultNode> beforeBegin) {
        return start(config, sources, net.transport(config.network(), config.listenAddress().ipText()),
                Providers.addressBookProvider(), java.util.Optional.empty(), tip, beforeBegin);
    }

    private DefaultNode start(NodeConfig config, List<CandidateSourceProvider> sources, Transport transport,
                              io.peerset.api.spi.AddressBookProvider books, java.util.Optional<NodeStorage> storage,
                              java.util.function.Consumer<? super DefaultNode> beforeBegin) {
        return start(config, sources, transport, books, storage, TIP, beforeBegin);
    }

    private DefaultNode start(NodeConfig config, List<CandidateSourceProvider> sources, Transport transport,
                              io.peerset.api.spi.AddressBookProvider books, java.util.Optional<NodeStorage> storage,
                              ChainTip tip, java.util.function.Consumer<? super DefaultNode> beforeBegin) {
        DefaultNode.Parts parts = new DefaultNode.Parts(config, InboundService.nil(), tip, transport,
                Providers.handshakerProvider(), books, sources, PowerOfTwoChoices.INSTANCE, storage);
        CompletableFuture<DefaultNode> starting = NodeStartup.start(parts,
                NodeRuntime.singleThreaded(scheduler, scheduler, new SplittableRandom(seeds.nextLong())), beforeBegin);
        scheduler.runUntilIdle();
        DefaultNode node = starting.join();
        nodes.add(node);
        return node;
    }

    void advance(Duration total, Duration step, Runnable check) {
        for (Duration d = Duration.ZERO; d.compareTo(total) < 0; d = d.plus(step)) {
            scheduler.advance(step);
            check.run();
        }
    }

    public void closeAll() {
        nodes.forEach(DefaultNode::close);
        scheduler.advance(DefaultNode.CLOSE_WAIT.plusSeconds(1));
    }

    /**
     * A transport that counts the outbound connections it has open (dialled and not yet closed), and
     * the most it ever had, whatever the node's own counters say.
     */
    public static final class CountingTransport implements Transport {
        final Transport inner;
        final AtomicInteger open = new AtomicInteger();
        final AtomicInteger max = new AtomicInteger();
        public final AtomicInteger dials = new AtomicInteger();

        public CountingTransport(Transport inner) {
            this.inner = inner;
        }

        @Override
        public String name() {
            return "counting-" + inner.name();
        }

        @Override
        public io.peerset.api.Traffic traffic() {
            return inner.traffic();
        }

        @Override
        public CompletableFuture<Acceptor> listen(PeerAddress address) {
            return inner.listen(address);
        }

        @Override
        public CompletableFuture<Connection> connect(PeerAddress address, Duration timeout) {
            dials.incrementAndGet();
            return inner.connect(address, timeout).thenApply(c -> {
                max.accumulateAndGet(open.incrementAndGet(), Math::max);
                c.closeFuture().whenComplete((r, e) -> open.decrementAndGet());
                return c;
            });
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
