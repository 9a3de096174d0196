package io.peerset.examples;

import io.peerset.api.AddressBookSnapshot;
import io.peerset.api.ChainTip;
import io.peerset.api.InboundService;
import io.peerset.api.NodeConfig;
import io.peerset.api.NodeStatus;
import io.peerset.api.PeerSetNode;
import io.peerset.api.Request;
import io.peerset.api.Response;
import io.peerset.core.PeerSets;
import io.peerset.wire.Hash32;
import io.peerset.wire.Network;
import java.nio.file.Path;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** README, "Running a node". */
final class RunningNodeExample {

    private static final Logger log = LoggerFactory.getLogger(RunningNodeExample.class);

    private RunningNodeExample() {
    }

    static NodeStatus run(InboundService myInboundService, ChainTip myChainTip, Hash32 hash) {
        // tag::running-node[]
        NodeConfig config = NodeConfig.builder(Network.MAINNET)            // zebrad's defaults: [::]:8233,
                .cacheDir(Path.of("/var/cache/my-app"))                     // its 5 seeders, 61 s crawls ...
                .build();
        try (PeerSetNode node = PeerSets.nodeBuilder(config)
                .inbound(myInboundService)                                  // default: answers nothing
                .chainTip(myChainTip)                                       // default: unknown
                .listener(event -> log.debug("{}", event))                  // sees every event from the start
                .start()) {                                                 // returns once the listener is bound
            Response.Blocks blocks = node.peerSet().call(new Request.BlocksByHash(Set.of(hash))).join();
            NodeStatus status = node.status();          // outbound, inbound, ready, book by state, handshakes
            AddressBookSnapshot book = node.addressBook();
            // end::running-node[]
            log.info("{} {}", blocks, book);
            return status;
            // tag::running-node[]
        }                                                // stop accepting, stop dialling, close peers, write the cache
        // end::running-node[]
    }
}
