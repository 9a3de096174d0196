package io.peerset.testkit.doubles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.api.PeerException;
import io.peerset.api.Request;
import io.peerset.api.Response;
import io.peerset.wire.PeerAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class FakePeerTest {

    @Test
    void anAnsweringPeerAnswersAtOnceWithTheEmptyAnswer() {
        FakePeer peer = FakePeer.answering("203.0.113.1:8233");
        assertThat(peer.call(new Request.Peers())).isCompletedWithValue(new Response.Peers(List.of()));
        assertThat(peer.isReady()).isTrue();
        assertThat(peer.received()).containsExactly(new Request.Peers());
        assertThat(peer.info().remoteAddress()).isEqualTo(PeerAddress.parse("203.0.113.1:8233"));
        assertThat(peer.info().inbound()).isFalse();
    }

    @Test
    void aHoldingPeerWaitsForTheTestAndRefusesASecondRequest() {
        FakePeer peer = FakePeer.holding("203.0.113.1:8233");
        CompletableFuture<Response.Pong> pong = peer.call(new Request.Ping(7));
        assertThat(pong).isNotDone();
        assertThat(peer.isReady()).isFalse();
        CompletableFuture<Void> ready = peer.ready();
        assertThat(ready).isNotDone();
        assertThatThrownBy(() -> peer.call(new Request.Peers())).isInstanceOf(IllegalStateException.class);
        assertThat(peer.violations()).singleElement().asString().startsWith("second request in flight");

        peer.answer();
        assertThat(pong).isCompleted();
        assertThat(ready).isCompleted();
        assertThat(peer.hasInFlight()).isFalse();
        assertThatThrownBy(peer::answer).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void failingARequestKeepsTheConnectionDyingFailsEverything() {
        FakePeer peer = FakePeer.holding("203.0.113.1:8233");
        CompletableFuture<Response.Peers> first = peer.call(new Request.Peers());
        peer.fail(new IllegalStateException("no"));
        assertThat(first).isCompletedExceptionally();
        assertThat(peer.error()).isEmpty();

        CompletableFuture<Response.Peers> second = peer.call(new Request.Peers());
        PeerException.ConnectionClosed error = new PeerException.ConnectionClosed(new java.io.IOException("reset"));
        peer.die(error);
        assertThat(second).isCompletedExceptionally();
        assertThat(peer.closeFuture()).isCompletedWithValue(error);
        assertThat(peer.error()).contains(error);
        assertThat(peer.ready()).isCompletedExceptionally();
        assertThat(peer.call(new Request.Peers())).isCompletedExceptionally();
        assertThat(peer.violations()).singleElement().asString().startsWith("request after close");
    }

    @Test
    void closeDropsTheClientAndAResponderMayBeSwitched() {
        FakePeer peer = FakePeer.holding("203.0.113.1:8233").respondWith(r -> new Response.Nil());
        assertThat(peer.call(new Request.AdvertiseBlock(io.peerset.wire.Hash32.ZERO))).isCompletedWithValue(new Response.Nil());
        peer.hold();
        assertThat(peer.call(new Request.Peers())).isNotDone();
        peer.clearReceived();
        assertThat(peer.received()).isEmpty();
        peer.close();
        assertThat(peer.isClosed()).isTrue();
        assertThat(peer.error()).get().isInstanceOf(PeerException.ClientDropped.class);
    }
}
