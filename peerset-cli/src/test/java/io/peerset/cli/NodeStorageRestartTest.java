package io.peerset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.ChainTip;
import io.peerset.api.NodeConfig;
import io.peerset.api.PeerSetConfig;
import io.peerset.api.PeerSetNode;
import io.peerset.api.spi.CandidateSourceProvider;
import io.peerset.api.spi.NodeStorage;
import io.peerset.core.PeerSets;
import io.peerset.core.Providers;
import io.peerset.core.Threading;
import io.peerset.inmemory.VirtualScheduler;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A simulated node restarts from its peer cache kept in memory ({@link NodeStorage#inMemory()}),
 * with no file system, from public API only: the first run learns three peers from a seeder; the
 * second run has no seeder and finds them in the cache alone. A node given fresh storage finds
 * nobody, so the cache is what connected it. The testkit's extension checks that every node closed.
 */
@ExtendWith(VirtualNetworkExtension.class)
class NodeStorageRestartTest {

    private static final Network NETWORK = Network.MAINNET;
    private static final ChainTip TIP = ChainTip.fixed(2_500_000, NetworkUpgrade.NU6_2, false);
    private static final PeerAddress RESTARTING = address(0);

    private VirtualNetwork net;
    private VirtualScheduler clock;
    private final List<PeerSetNode> others = new ArrayList<>();

    private static PeerAddress address(int i) {
        return PeerAddress.parse("10.9.0." + (i + 1) + ":" + NETWORK.defaultPort());
    }

    private PeerSetNode start(PeerAddress at, NodeStorage storage, List<CandidateSourceProvider> sources, long seed) {
        NodeConfig config = NodeConfig.builder(NETWORK).listenAddress(at).noCache().initialPeers(List.of())
                .peerSet(PeerSetConfig.builder(NETWORK).initialTargetSize(3).build()).build();
        CompletableFuture<PeerSetNode> starting = PeerSets.nodeBuilder(config).chainTip(TIP)
                .transport(net.transport(NETWORK, at.ipText()))
                .scheduler(clock).threading(Threading.on(clock)).random(new SplittableRandom(seed))
                .candidateSources(sources).storage(storage)
                .startAsync();
        clock.runUntilIdle();
        return net.closeAfter(starting.join());
    }

    private static CandidateSourceProvider diskCache() {
        return Providers.candidateSourceProviders().stream().filter(p -> p.name().equals("disk-cache"))
                .findFirst().orElseThrow();
    }

    private static List<PeerAddress> outboundPeers(PeerSetNode node) {
        return node.addressBook().entries().stream()
                .filter(e -> !e.inbound() && e.state() == io.peerset.api.PeerAddrState.RESPONDED)
                .map(e -> e.address()).sorted(java.util.Comparator.comparing(PeerAddress::toString)).toList();
    }

    @Test
    void aRestartedNodeFindsItsPeersInItsInMemoryCache(VirtualNetwork net) {
        this.net = net;
        this.clock = net.scheduler();
        List<PeerAddress> peers = List.of(address(1), address(2), address(3));
        for (int i = 0; i < peers.size(); i++) {
            others.add(start(peers.get(i), NodeStorage.none(), List.of(), 100 + i));
        }
        NodeStorage storage = NodeStorage.inMemory();
        CandidateSourceProvider seeder = CandidateSourceProvider.of("seeder",
                () -> CompletableFuture.completedFuture(peers));

        PeerSetNode first = start(RESTARTING, storage, List.of(seeder, diskCache()), 1);
        clock.advance(Duration.ofMinutes(2));
        assertThat(outboundPeers(first)).containsExactlyElementsOf(peers);
        first.close();
        clock.advance(Duration.ofSeconds(30));
        // (the cache may also hold our own listener, gossiped back to us: dialling it ends at the handshake's nonce check)
        assertThat(storage.peerCache(NETWORK).read()).as("written at shutdown").containsAll(peers);

        PeerSetNode second = start(RESTARTING, storage, List.of(diskCache()), 2);
        clock.advance(Duration.ofMinutes(2));
        assertThat(outboundPeers(second)).as("no seeder: only the cache").containsExactlyElementsOf(peers);
        second.close();
        clock.advance(Duration.ofSeconds(30));

        PeerSetNode fresh = start(RESTARTING, NodeStorage.inMemory(), List.of(diskCache()), 3);
        clock.advance(Duration.ofMinutes(2));
        assertThat(fresh.status().outbound()).as("fresh storage: nobody to dial").isZero();
        fresh.close();
        others.forEach(PeerSetNode::close);
        clock.advance(Duration.ofSeconds(30));
    }
}
