package io.peerset.core.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peerset.api.ChainTip;
import io.peerset.api.NodeConfig;
import io.peerset.api.PeerInfo;
import io.peerset.api.PeerSetConfig;
import io.peerset.api.PeerSetEvent;
import io.peerset.api.PeerSetNode;
import io.peerset.core.PeerSets;
import io.peerset.wire.Network;
import io.peerset.wire.NetworkUpgrade;
import io.peerset.wire.PeerAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Network upgrades over real TCP on 127.0.0.1 (issue 17 §3): a node without a chain tip estimates the
 * height its peers announce (loopback peers on distinct ports are distinct groups), and an activation
 * configured at that height raises its minimum peer version and drops the peers below it.
 */
@Timeout(60)
class UpgradesIntegrationTest {

    private static final Network NETWORK = Network.MAINNET;
    private final List<PeerSetNode> nodes = new ArrayList<>();

    private static NodeConfig.Builder config(List<PeerAddress> peers) {
        return NodeConfig.builder(NETWORK).listenAddress(PeerAddress.parse("127.0.0.1:0")).noCache()
                .dnsSeeding(false).initialPeers(peers.stream().map(PeerAddress::toString).toList())
                .peerSet(PeerSetConfig.builder(NETWORK).initialTargetSize(4).maxConnectionsPerIp(50).build())
                .acceptPacing(Duration.ofMillis(10), Duration.ofMillis(10));
    }

    @AfterEach
    void closeAll() {
        nodes.forEach(PeerSetNode::close);
    }

    @Test
    void anActivationAtTheEstimatedHeightRaisesTheMinimumAndDropsOlderPeers() {
        List<PeerAddress> peers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            PeerSetNode peer = PeerSets.nodeBuilder(config(List.of()).build())
                    .chainTip(ChainTip.fixed(2_500_000, NetworkUpgrade.NU5, false)).start();
            nodes.add(peer);
            peers.add(peer.localAddress());
        }
        CopyOnWriteArrayList<PeerSetEvent> events = new CopyOnWriteArrayList<>();
        // NU6 moved to the peers' height, its minimum above the 170160 they announce
        PeerSetNode node = PeerSets.nodeBuilder(config(peers).activationHeights("NU6=2500000")
                .minPeerVersions("NU6=170170").build()).listener(events::add).start();
        nodes.add(node);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(events)
                .filteredOn(e -> e instanceof PeerSetEvent.MinimumVersionChanged).singleElement()
                .isEqualTo(new PeerSetEvent.MinimumVersionChanged(170_150, 170_170)));
        assertThat(((DefaultNode) node).tipEstimate()).hasValue(2_500_000);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(events).filteredOn(e -> e instanceof PeerSetEvent.PeerRemoved r
                    && r.reason() == PeerSetEvent.RemovalReason.OUTDATED).isNotEmpty();
            List<PeerInfo> left = node.peers().join();
            assertThat(left).allMatch(p -> p.announcedVersion() >= 170_170);
        });
    }
}
