package io.peerset.core.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.ChainTip;
import io.peerset.api.PeerSetEvent;
import io.peerset.wire.PeerAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Network upgrades that enforce themselves (issue 17 §3): a node whose application gives no chain tip
 * estimates one from its outbound peers and raises its minimum peer version when the estimate crosses
 * a configured activation height, dropping the peers below it.
 */
class UpgradesTest {

    @Test
    void aNodeWithoutAChainRaisesItsMinimumAtAnActivationItEstimates() {
        NodeNet n = new NodeNet(3);
        List<PeerAddress> listeners = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            PeerAddress a = NodeNet.address((20 + i) + ".1.0.1");
            listeners.add(a);
            n.start(NodeNet.config(a.ipText(), 1).build(), List.of()); // announce NodeNet.TIP: 2,500,000
        }
        // NU6 moved to 40 blocks after the peers' tip (50 minutes), its minimum raised above every peer's 170160
        List<PeerSetEvent.MinimumVersionChanged> changes = new ArrayList<>();
        List<PeerSetEvent.PeerRemoved> outdated = new ArrayList<>();
        DefaultNode node = n.start(NodeNet.config("10.9.0.1", 5).activationHeights("NU6=2500040")
                        .minPeerVersions("NU6=170170").build(),
                List.of(NodeNet.seeder(listeners)), ChainTip.unknown(), x -> x.addListener(e -> {
                    if (e instanceof PeerSetEvent.MinimumVersionChanged c) {
                        changes.add(c);
                    } else if (e instanceof PeerSetEvent.PeerRemoved r && r.reason() == PeerSetEvent.RemovalReason.OUTDATED) {
                        outdated.add(r);
                    }
                }));
        n.scheduler.advance(Duration.ofMinutes(1));
        assertThat(node.outboundCounter().count()).isEqualTo(5);
        assertThat(node.tipEstimate().orElseThrow()).as("five groups announced 2,500,000").isGreaterThanOrEqualTo(2_500_000);
        assertThat(node.peerSet().status().minimumVersion()).isEqualTo(170_150);
        n.scheduler.advance(Duration.ofMinutes(52));
        assertThat(node.tipEstimate().getAsLong()).isGreaterThanOrEqualTo(2_500_040);
        assertThat(changes).as("crossed at 50 minutes: not before it has held for 10").isEmpty();
        n.scheduler.advance(io.peerset.core.discovery.TipEstimator.CONFIRM);
        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.previous()).isEqualTo(170_150);
            assertThat(c.current()).isEqualTo(170_170);
        });
        assertThat(outdated).as("every peer announced 170160").isNotEmpty();
        n.scheduler.advance(Duration.ofMinutes(30));
        assertThat(changes).as("its voters gone, the minimum stays: an activation is permanent").hasSize(1);
        n.closeAll();
    }

    @Test
    void theReferenceAndAnApplicationsOwnTipEstimateNothing() {
        NodeNet n = new NodeNet(4);
        DefaultNode reference = n.start(NodeNet.config("10.9.0.1", 1).estimateTip(false).build(), List.of(),
                ChainTip.unknown(), x -> { });
        DefaultNode withTip = n.start(NodeNet.config("10.9.0.2", 1).build(), List.of());
        assertThat(reference.tipEstimate()).isEmpty();
        assertThat(withTip.tipEstimate()).isEmpty();
        n.closeAll();
    }
}
