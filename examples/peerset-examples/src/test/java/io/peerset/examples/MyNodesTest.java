package io.peerset.examples;

import io.peerset.api.NodeConfig;
import io.peerset.api.PeerSetNode;
import io.peerset.core.PeerSets;
import io.peerset.core.Threading;
import io.peerset.testkit.Seed;
import io.peerset.testkit.VirtualNetwork;
import io.peerset.testkit.VirtualNetworkExtension;
import io.peerset.wire.Network;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** README, "Building and testing": a node on the testkit's virtual network, run as the README shows it. */
// tag::testkit[]
@ExtendWith(VirtualNetworkExtension.class)
class MyNodesTest {
    // end::testkit[]
    /** Nothing on this machine, nothing on the Internet: no peer cache, no seeders. */
    private final NodeConfig config = NodeConfig.builder(Network.MAINNET).noCache().dnsSeeding(false)
            .initialPeers(List.of()).build();

    // tag::testkit[]
    @Test
    @Seed(7)                                  // else a fresh seed, printed when the test fails
    void nodesMeet(VirtualNetwork net) {
        var starting = PeerSets.nodeBuilder(config)
                .transport(net.transport(Network.MAINNET, "10.0.0.1"))
                .scheduler(net.scheduler()).threading(Threading.on(net.scheduler()))
                .random(new SplittableRandom(net.random().nextLong())).startAsync();
        net.scheduler().runUntilIdle();           // nothing runs until the test moves the clock
        PeerSetNode node = net.closeAfter(starting.join());
        net.scheduler().advance(Duration.ofMinutes(1));
    }
}
// end::testkit[]
