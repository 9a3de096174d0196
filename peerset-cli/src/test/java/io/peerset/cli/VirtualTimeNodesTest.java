package io.peerset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.ChainTip;
import io.peerset.api.NodeConfig;
import io.peerset.api.NodeEvent;
import io.peerset.api.PeerSetConfig;
import io.peerset.api.PeerSetEvent;
import io.peerset.api.PeerSetNode;
import io.peerset.api.Request;
import io.peerset.api.Response;
import io.peerset.api.spi.CandidateSourceProvider;
import io.peerset.core.PeerSets;
import io.peerset.core.Threading;
import io.peerset.inmemory.VirtualScheduler;
import io.peerset.testkit.Seed;
import io.peerset.testkit.VirtualNetwork;
import io.peerset.testkit.VirtualNetworkExtension;
import io.peerset.wire.Network;
import io.peerset.wire.NetworkUpgrade;
import io.peerset.wire.PeerAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Whole nodes on the in-memory network under one virtual clock, on the test thread, assembled from
 * public API only ({@link PeerSets#nodeBuilder}, {@link Threading#on}, {@code io.peerset.inmemory}):
 * what the simulator and an application's own tests do. Lives outside core on purpose. The network
 * comes from the testkit's {@link VirtualNetworkExtension}, which checks that closing leaves nothing running.
 */
@ExtendWith(VirtualNetworkExtension.class)
class VirtualTimeNodesTest {

    private static final Network NETWORK = Network.MAINNET;
    private static final ChainTip TIP = ChainTip.fixed(2_500_000, NetworkUpgrade.NU6_2, false);

    private static PeerAddress address(int i) {
        return PeerAddress.parse("10.7.0." + (i + 1) + ":" + NETWORK.defaultPort());
    }

    /** {@code n} nodes where node i knows only node i - 1 (with the demo's short crawl interval), and their events. */
    private static final class Net {
        final VirtualNetwork net;
        final VirtualScheduler clock;
        final List<PeerSetNode> nodes = new ArrayList<>();
        final List<NodeEvent> nodeEvents = new CopyOnWriteArrayList<>();
        final List<PeerSetEvent> setEvents = new CopyOnWriteArrayList<>();

        /** Starts the nodes on {@code net}, each with a generator drawn from the network's seeded one; closed with it. */
        Net(int n, VirtualNetwork net) {
            this.net = net;
            this.clock = net.scheduler();
            SplittableRandom seeds = net.random();
            for (int i = 0; i < n; i++) {
                NodeConfig config = NodeConfig.builder(NETWORK).listenAddress(address(i)).noCache()
                        .initialPeers(List.of()).crawlInterval(Duration.ofSeconds(2)).crawlRateLimit(Duration.ofSeconds(1))
                        .peerSet(PeerSetConfig.builder(NETWORK).initialTargetSize(3).build()).build();
                List<PeerAddress> known = i == 0 ? List.of() : List.of(address(i - 1));
                CompletableFuture<PeerSetNode> starting = PeerSets.nodeBuilder(config)
                        .chainTip(TIP)
                        .transport(net.transport(NETWORK, address(i).ipText()))
                        .scheduler(clock)
                        .threading(Threading.on(clock))
                        .random(new SplittableRandom(seeds.nextLong()))
                        .candidateSources(List.of(CandidateSourceProvider.of("seeder",
                                () -> CompletableFuture.completedFuture(known))))
                        .nodeListener(nodeEvents::add)
                        .listener(setEvents::add)
                        .startAsync();
                clock.runUntilIdle();
                assertThat(starting).isCompleted();
                nodes.add(net.closeAfter(starting.join()));
            }
        }
    }

    @Test
    @Seed(7)
    void nodesKnowingOnlyTheirPredecessorFindEachOtherByGossip(VirtualNetwork virtual) {
        Net net = new Net(12, virtual);
        net.clock.advance(Duration.ofMinutes(5));

        for (PeerSetNode node : net.nodes) {
            // in a network this small, inbound peers hold most IPs, and the per-IP limit of 1 keeps a
            // node from also dialling them: the target is reached in peers, not always in outbound ones
            assertThat(node.status().outbound()).as("outbound peers of %s: %s", node.localAddress(), node.status())
                    .isGreaterThanOrEqualTo(1);
            assertThat(node.status().peerSet().ready() + node.status().peerSet().busy())
                    .as("peers of %s: %s", node.localAddress(), node.status()).isGreaterThanOrEqualTo(3);
        }
        // listeners registered on the builder saw the very first events of every node
        assertThat(net.nodeEvents).filteredOn(NodeEvent.AddressStateChanged.class::isInstance).isNotEmpty();
        assertThat(net.setEvents).filteredOn(PeerSetEvent.PeerAdded.class::isInstance).hasSizeGreaterThanOrEqualTo(12 * 3);

        // the peer set answers a request through a peer of the in-memory network
        PeerSetNode last = net.nodes.get(net.nodes.size() - 1);
        var peers = last.peerSet().call(new Request.Peers());
        net.clock.advance(Duration.ofSeconds(5));
        assertThat(peers).isCompleted();
        assertThat(peers.join()).isInstanceOf(Response.Peers.class);

        virtual.closeAll(Duration.ofSeconds(30));
        for (PeerSetNode node : net.nodes) {
            assertThat(node.closeFuture()).as("%s shut down", node.localAddress()).isCompleted();
        }
    }

    @Test
    void theSameSeedGivesTheSameNetwork() {
        assertThat(run(3)).isEqualTo(run(3));
        assertThat(run(3)).isNotEqualTo(run(4));
    }

    /** Every node's peers after two virtual minutes, in order. */
    private static List<String> run(long seed) {
        Net net = new Net(8, VirtualNetwork.seeded(seed));
        net.clock.advance(Duration.ofMinutes(2));
        List<String> shape = new ArrayList<>();
        for (PeerSetNode node : net.nodes) {
            shape.add(node.localAddress() + " -> " + node.addressBook().entries().stream()
                    .filter(e -> e.state() == io.peerset.api.PeerAddrState.RESPONDED)
                    .map(e -> e.address().toString()).sorted().toList());
        }
        shape.add(net.setEvents.size() + " set events");
        net.net.closeAll(Duration.ofSeconds(30));
        return shape;
    }
}
