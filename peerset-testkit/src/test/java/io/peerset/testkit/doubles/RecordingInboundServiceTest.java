package io.peerset.testkit.doubles;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.Request;
import io.peerset.api.Response;
import io.peerset.testkit.ScriptedPeer;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.PeerServices;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class RecordingInboundServiceTest {

    private static final io.peerset.api.ConnectionInfo PEER = new io.peerset.api.ConnectionInfo(
            PeerAddress.parse("203.0.113.1:8233"), PeerAddress.parse("10.0.0.1:8233"), true,
            ScriptedPeer.version(Network.MAINNET, Network.MAINNET.protocolVersion(), 1, PeerServices.NETWORK),
            Network.MAINNET.protocolVersion(), Duration.ZERO);

    @Test
    void answersNilByDefaultAndRecordsEachRequestWithItsPeer() {
        RecordingInboundService service = new RecordingInboundService();
        assertThat(service.call(new Request.Peers(), PEER).join()).isEqualTo(new Response.Nil());
        assertThat(service.requests()).containsExactly(new Request.Peers());
        assertThat(service.peers()).containsExactly(PEER);
    }

    @Test
    void theRuleIsReplaceable() {
        RecordingInboundService service = new RecordingInboundService();
        service.respondWith((request, peer) -> new Response.Peers(List.of()));
        assertThat(service.call(new Request.Peers(), PEER).join()).isEqualTo(new Response.Peers(List.of()));
        CompletableFuture<Response> later = new CompletableFuture<>();
        service.answerWith(request -> later);
        assertThat(service.call(new Request.Peers(), PEER)).isSameAs(later);
        assertThat(service.requests()).hasSize(2);
    }
}
