package io.peerset.examples;

import io.peerset.api.ChainTip;
import io.peerset.api.PeerClient;
import io.peerset.api.Request;
import io.peerset.api.Response;
import io.peerset.api.spi.HandshakeConfig;
import io.peerset.api.spi.Handshaker;
import io.peerset.api.spi.Transport;
import io.peerset.api.spi.TransportConfig;
import io.peerset.core.Providers;
import io.peerset.core.common.SystemScheduler;
import io.peerset.core.connect.PeerConnector;
import io.peerset.wire.Hash32;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** README, "Connecting to peers". */
final class ConnectingExample {

    private ConnectingExample() {
    }

    static Response.BlockHeaders connect(ChainTip myTip, List<Hash32> locator) {
        // tag::connecting[]
        try (SystemScheduler scheduler = new SystemScheduler();
             Transport transport = Providers.transportProvider()                 // "netty", found by ServiceLoader
                     .create(TransportConfig.builder(Network.MAINNET).build())) {
            Handshaker handshaker = Providers.handshakerProvider().create(
                    HandshakeConfig.builder(Network.MAINNET).userAgent("/my-wallet:1.0/").chainTip(myTip).build(),
                    scheduler, new SecureRandom());
            PeerConnector node = PeerConnector.builder()
                    .transport(transport).handshaker(handshaker)
                    .inboundService((request, peer) -> answer(request))            // remote peers' requests
                    .scheduler(scheduler).random(new SecureRandom())
                    .build();
            PeerClient peer = node.connect(PeerAddress.parse("203.0.113.7:8233")).join();  // 3 s budget
            peer.ready().join();
            Response.BlockHeaders headers = peer.call(new Request.FindHeaders(locator, Hash32.ZERO)).join();
            // end::connecting[]
            return headers;
            // tag::connecting[]
        }
        // end::connecting[]
    }

    private static CompletableFuture<Response> answer(Request<?> request) {
        return CompletableFuture.completedFuture(new Response.Nil());
    }
}
