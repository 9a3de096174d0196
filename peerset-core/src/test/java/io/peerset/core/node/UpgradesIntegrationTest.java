package io.peerset.core.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peerset.api.ChainTip;
import io.peerset.api.NodeConfig;
import io.peerset.api.PeerSetConfig;
import io.peerset.api.PeerSetNode;
import io.peerset.core.PeerSets;
import io.peerset.core.discovery.TipEstimator;
import io.peerset.wire.Network;
import io.peerset.wire.NetworkUpgrade;
import io.peerset.wire.PeerAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Network upgrades over real TCP on 127.0.0.1 (issue 17 §3): a node without a chain tip estimates the
 * height its outbound peers announce (loopback peers on distinct ports are distinct groups); an
 * activation at that height is not yet in force (it must hold for {@link TipEstimator#CONFIRM}).
 */
@Timeout(60)
class UpgradesIntegrationTest {

    private static final Network NETWORK = Network.MAINNET;
    private final List<PeerSetNode> nodes = new ArrayList<>();

    private static NodeConfig.Builder config(List<PeerAddress> peers) {
        return NodeConfig.builder(NETWORK).listenAddress(PeerAddress.parse("127.0.0.1:0")).noCache()
                .dnsSeeding(false).initialPeers(peers.stream().map(PeerAddress::toString).toList())
                .peerSet(PeerSetConfig.builder(NETWORK).initialTargetSize(TipEstimator.MIN_GROUPS).maxConnectionsPerIp(50).build())
                .acceptPacing(Duration.ofMillis(10), Duration.ofMillis(10));
    }

    @AfterEach
    void closeAll() {
        nodes.forEach(PeerSetNode::close);
    }

    @Test
    void anActivationAtTheEstimatedHeightRaisesTheMinimumAndDropsOlderPeers() {
        List<PeerAddress> peers = new ArrayList<>();
        for (int i = 0; i < TipEstimator.MIN_GROUPS; i++) {
            PeerSetNode peer = PeerSets.nodeBuilder(config(List.of()).build())
                    .chainTip(ChainTip.fixed(2_500_000, NetworkUpgrade.NU5, false)).start();
            nodes.add(peer);
            peers.add(peer.localAddress());
        }
        // NU6 moved to the peers' height, its minimum above the 170160 they announce
        PeerSetNode node = PeerSets.nodeBuilder(config(peers).activationHeights("NU6=2500000")
                .minPeerVersions("NU6=170170").build()).start();
        nodes.add(node);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(((DefaultNode) node).tipEstimate()).hasValue(2_500_000));
        // the activation counts once it has held for TipEstimator.CONFIRM (ten minutes: UpgradesTest,
        // in virtual time, shows the minimum rising then); until then the minimum is the initial one
        assertThat(node.peerSet().status().minimumVersion()).isEqualTo(170_150);
        assertThat(node.peers().join()).allMatch(p -> p.startHeight() == 2_500_000);
    }
}
