package io.peerset.examples;

import io.peerset.api.ChainTip;
import io.peerset.api.PeerSetConfig;
import io.peerset.api.Reply;
import io.peerset.api.Request;
import io.peerset.api.Response;
import io.peerset.api.spi.AddressBook;
import io.peerset.api.spi.Handshaker;
import io.peerset.api.spi.Scheduler;
import io.peerset.api.spi.Transport;
import io.peerset.core.PeerSets;
import io.peerset.core.common.CorePeerSet;
import io.peerset.core.common.PeerSetContext;
import io.peerset.core.connect.PeerConnector;
import io.peerset.wire.Block;
import io.peerset.wire.Hash32;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** README, "The peer set". */
final class PeerSetExample {

    private static final Logger log = LoggerFactory.getLogger(PeerSetExample.class);

    private PeerSetExample() {
    }

    static Response.Blocks peerSet(Scheduler scheduler, ChainTip myTip, AddressBook book, Transport transport,
                                   Handshaker handshaker, PeerAddress address, Hash32 hash) {
        // tag::peer-set[]
        CorePeerSet peerSet = PeerSets.create(
                PeerSetConfig.builder(Network.MAINNET).build(),               // limits from the target size 25
                PeerSetContext.builder(scheduler, new SecureRandom(), Executors.newSingleThreadExecutor())
                        .chainTip(myTip).addressBook(book)                    // minimum version; bans, misbehaviour
                        .listener(event -> log.info("{}", event))             // every decision, typed
                        .build());
        PeerConnector node = PeerConnector.builder().transport(transport).handshaker(handshaker)
                .observer(peerSet.observer()).build();                    // feeds inventory
        peerSet.addPeer(node.connect(address).join());                    // checked, then ready
        Response.Blocks blocks = peerSet.call(new Request.BlocksByHash(Set.of(hash))).join();    // typed by the request
        Reply<Response.Blocks> reply = peerSet.exchange(new Request.BlocksByHash(Set.of(hash))).join();
        if (!valid(reply.response().available())) {                       // who sent it: punish that peer, not another
            reply.peer().ifPresent(p -> peerSet.reportMisbehavior(p, 10, "invalid block"));   // batched, every 30 s
        }
        // end::peer-set[]
        return blocks;
    }

    private static boolean valid(List<Block> blocks) {
        return !blocks.isEmpty();
    }
}
