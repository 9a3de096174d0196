package io.peerset.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.spi.Acceptor;
import io.peerset.api.spi.CloseReason;
import io.peerset.api.spi.Connection;
import io.peerset.inmemory.InMemoryNetwork;
import io.peerset.inmemory.InMemoryTransport;
import io.peerset.inmemory.VirtualScheduler;
import io.peerset.wire.Network;
import io.peerset.wire.PeerServices;
import io.peerset.wire.PingMessage;
import io.peerset.wire.PongMessage;
import io.peerset.wire.VersionMessage;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ScriptedPeerTest {

    private final VirtualScheduler scheduler = new VirtualScheduler();
    private final InMemoryNetwork network = new InMemoryNetwork(scheduler).latency(Duration.ofMillis(10));

    /** @return a dialled connection (from 10.0.0.1) and the one accepted for it (on 10.0.0.2:8233) */
    private Connection[] connectedPair() {
        InMemoryTransport a = network.transport(Network.MAINNET, "10.0.0.1");
        InMemoryTransport b = network.transport(Network.MAINNET, "10.0.0.2");
        CompletableFuture<Acceptor> listening = b.listen(io.peerset.wire.PeerAddress.parse("10.0.0.2:8233"));
        scheduler.runUntilIdle();
        CompletableFuture<Connection> accepted = listening.join().accept();
        CompletableFuture<Connection> dialled = a.connect(listening.join().localAddress(), Duration.ofSeconds(3));
        scheduler.advance(Duration.ofSeconds(1));
        return new Connection[] {dialled.join(), accepted.join()};
    }

    @Test
    void twoScriptedPeersHandshakeAndAnswerPings() {
        Connection[] pair = connectedPair();
        ScriptedPeer dialer = ScriptedPeer.attach(pair[0]);
        ScriptedPeer listener = ScriptedPeer.attach(pair[1]).answerPings();
        CompletableFuture<VersionMessage> h1 = dialer.handshake(ScriptedPeer.version(Network.MAINNET, 170_160, 1, PeerServices.NETWORK));
        CompletableFuture<VersionMessage> h2 = listener.handshake(ScriptedPeer.version(Network.MAINNET, 170_140, 2, PeerServices.NONE));
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(h1.join().nonce()).isEqualTo(2);
        assertThat(h2.join().nonce()).isEqualTo(1);
        dialer.send(new PingMessage(42));
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(dialer.poll(PongMessage.class)).contains(new PongMessage(42));
        assertThat(dialer.poll(PongMessage.class)).isEmpty();
        assertThat(listener.received()).hasSize(3);
        dialer.connection().close("test over");
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(listener.closeReason()).map(CloseReason::kind).contains(CloseReason.Kind.REMOTE);
    }

    @Test
    void connectsToAnUnresponsiveAddressTimeOut() {
        InMemoryTransport a = network.transport(Network.MAINNET, "10.0.0.1");
        io.peerset.wire.PeerAddress silent = io.peerset.wire.PeerAddress.parse("10.9.9.9:8233");
        network.dropConnectsTo(silent);
        CompletableFuture<Connection> dial = a.connect(silent, Duration.ofSeconds(3));
        scheduler.advance(Duration.ofMillis(2999));
        assertThat(dial).isNotDone();
        scheduler.advance(Duration.ofMillis(1));
        assertThat(dial).isCompletedExceptionally();
    }

    @Test
    void stalledWritesHoldFramesAndFuturesUntilResumed() {
        Connection[] pair = connectedPair();
        Connection sender = pair[0];
        ScriptedPeer.attach(sender);
        ScriptedPeer receiver = ScriptedPeer.attach(pair[1]);
        network.stallWrites(sender.localAddress());
        CompletableFuture<Void> sent = sender.send(new PingMessage(1));
        scheduler.advance(Duration.ofSeconds(30));
        assertThat(sent).isNotDone();
        assertThat(receiver.received()).isEmpty();
        assertThat(scheduler.pendingTasks()).isZero();
        network.resumeWrites(sender.localAddress());
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(sent).isCompleted();
        assertThat(receiver.received()).containsExactly(new PingMessage(1));
    }

    @Test
    void handshakeAnswersAVersionThatArrivedFirst() {
        Connection[] pair = connectedPair();
        ScriptedPeer dialer = ScriptedPeer.attach(pair[0]);
        ScriptedPeer listener = ScriptedPeer.attach(pair[1]);
        CompletableFuture<VersionMessage> h1 = dialer.handshake(ScriptedPeer.version(Network.MAINNET, 170_160, 1, PeerServices.NETWORK));
        scheduler.advance(Duration.ofSeconds(1));
        CompletableFuture<VersionMessage> h2 = listener.handshake(ScriptedPeer.version(Network.MAINNET, 170_160, 2, PeerServices.NETWORK));
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(h1.join().nonce()).isEqualTo(2);
        assertThat(h2.join().nonce()).isEqualTo(1);
    }
}
