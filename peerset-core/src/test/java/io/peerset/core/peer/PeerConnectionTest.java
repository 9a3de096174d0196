package io.peerset.core.peer;

import static io.peerset.core.peer.Fixtures.BLOCK_396;
import static io.peerset.core.peer.Fixtures.BLOCK_419201;
import static io.peerset.core.peer.PeerRequestsTest.addresses;
import static io.peerset.core.peer.ZcashHandshakerTest.assertFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.api.ConnectionInfo;
import io.peerset.api.PeerClient;
import io.peerset.api.PeerException;
import io.peerset.api.Request;
import io.peerset.api.Response;
import io.peerset.api.spi.CloseReason;
import io.peerset.api.spi.Connection;
import io.peerset.core.common.ConnectionConfig;
import io.peerset.core.common.PeerObserver;
import io.peerset.inmemory.RawConnection;
import io.peerset.testkit.ScriptedPeer;
import io.peerset.wire.AddrMessage;
import io.peerset.wire.BlockMessage;
import io.peerset.wire.FrameCodec;
import io.peerset.wire.GetDataMessage;
import io.peerset.wire.Hash32;
import io.peerset.wire.InvMessage;
import io.peerset.wire.InventoryItem;
import io.peerset.wire.Message;
import io.peerset.wire.PeerServices;
import io.peerset.wire.PingMessage;
import io.peerset.wire.PongMessage;
import io.peerset.wire.VerackMessage;
import io.peerset.wire.WireFormatException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Reference sections 6.5, 6.6, 6.10 and 9.8: timeouts, readiness, failure, cancellation, heartbeat. */
class PeerConnectionTest {

    private static final Duration MS = Duration.ofMillis(1);

    private final PeerHarness h = new PeerHarness();

    private CompletableFuture<Response.Blocks> blocks(PeerHarness.Peer peer, io.peerset.wire.Block block) {
        var response = peer.client().call(new Request.BlocksByHash(Set.of(block.hash())));
        h.scheduler.runUntilIdle();
        return response;
    }

    // ------------------------------------------------------------------ timeouts

    @Test
    void receiveTimeoutFailsOnlyThatRequest() {
        PeerHarness.Peer peer = h.connect();
        var response = blocks(peer, BLOCK_396);
        h.scheduler.advance(Duration.ofSeconds(20).minus(MS));
        assertThat(response).isNotDone();
        assertThat(peer.client().isReady()).isFalse();
        h.scheduler.advance(MS);
        assertFails(response, PeerException.ConnectionReceiveTimeout.class);
        assertThat(peer.client().isReady()).isTrue();
        assertThat(peer.client().error()).isEmpty();
        // The connection still works; the late block is ignored.
        peer.remote().send(new BlockMessage(BLOCK_396));
        var next = peer.client().call(new Request.Peers());
        h.scheduler.runUntilIdle();
        peer.remote().send(new AddrMessage(addresses(2, 9)));
        h.scheduler.runUntilIdle();
        assertThat(next.join().addresses()).hasSize(2);
    }

    @Test
    void pingTimeoutClosesTheConnection() {
        PeerHarness.Peer peer = h.connect();
        var pong = peer.client().call(new Request.Ping(5));
        h.scheduler.advance(Duration.ofSeconds(20).minus(MS));
        assertThat(pong).isNotDone();
        h.scheduler.advance(MS);
        PeerException error = assertFails(pong, PeerException.ConnectionReceiveTimeout.class);
        assertThat(peer.client().error()).containsSame(error);
        assertThat(peer.remote().closeReason()).map(CloseReason::kind).contains(CloseReason.Kind.REMOTE);
    }

    private PeerConnection startStalling(StallingConnection connection, PeerObserver observer) {
        ConnectionInfo info = new ConnectionInfo(connection.remoteAddress(), connection.localAddress(), false,
                ScriptedPeer.version(PeerHarness.NETWORK, 170_160, 1, PeerServices.NETWORK), 170_160, Duration.ZERO);
        CompletableFuture<PeerConnection> started = new CompletableFuture<>();
        h.scheduler.execute(() -> started.complete(PeerConnection.start(connection, info, h.inbound, h.scheduler,
                h.random, ConnectionConfig.defaults(), observer, true)));
        h.scheduler.runUntilIdle();
        return started.join();
    }

    @Test
    void sendTimeoutWithAnExpectedResponseClosesTheConnection() {
        StallingConnection connection = new StallingConnection(h.scheduler);
        PeerConnection client = startStalling(connection, PeerObserver.NONE);
        var response = client.call(new Request.BlocksByHash(Set.of(BLOCK_396.hash())));
        h.scheduler.advance(Duration.ofSeconds(20).minus(MS));
        assertThat(response).isNotDone();
        h.scheduler.advance(MS);
        PeerException error = assertFails(response, PeerException.ConnectionSendTimeout.class);
        assertThat(connection.isOpen()).isFalse();
        assertThat(client.closeFuture().join()).isSameAs(error);
    }

    @Test
    void sendTimeoutWithoutAnExpectedResponseClosesTheConnection() {
        StallingConnection connection = new StallingConnection(h.scheduler);
        PeerConnection client = startStalling(connection, PeerObserver.NONE);
        var response = client.call(new Request.AdvertiseBlock(BLOCK_396.hash()));
        h.scheduler.advance(Duration.ofSeconds(20));
        assertFails(response, PeerException.ConnectionSendTimeout.class);
        assertThat(connection.sent).containsExactly(new InvMessage(List.of(new InventoryItem.Block(BLOCK_396.hash()))));
        assertThat(connection.isOpen()).isFalse();
    }

    // ------------------------------------------------------------------ heartbeat

    @Test
    void heartbeatPingsFiftyNineSecondsAfterTheHandshakeThenEveryFiftyNine() {
        h.net.latency(Duration.ofMillis(250));
        PeerHarness.Peer peer = h.connect();
        peer.remote().answerPings();
        h.scheduler.advance(Duration.ofSeconds(59).minus(MS));
        assertThat(h.observer.events).containsExactly("connected");
        h.scheduler.advance(MS); // 59 s: the first tick
        assertThat(h.observer.events).containsExactly("connected", "pingSent");
        h.scheduler.advance(Duration.ofMillis(250));
        assertThat(peer.remote().poll(PingMessage.class)).isPresent();
        h.scheduler.advance(Duration.ofMillis(250)); // the pong is back: RTT 0.5 s
        assertThat(h.observer.events).containsExactly("connected", "pingSent", "responded");
        assertThat(h.observer.rtts).containsExactly(Duration.ofMillis(500));
        assertThat(peer.client().lastRtt()).contains(Duration.ofMillis(500));
        // The next tick is 59 s after the first one (118 s), not 59 s after the pong.
        h.scheduler.advance(Duration.ofMillis(58_500).minus(MS));
        assertThat(h.observer.events).containsExactly("connected", "pingSent", "responded");
        h.scheduler.advance(MS);
        assertThat(h.observer.events).containsExactly("connected", "pingSent", "responded", "pingSent");
        h.scheduler.advance(Duration.ofSeconds(59 * 10));
        assertThat(h.observer.events.stream().filter("pingSent"::equals).count()).isEqualTo(12);
        assertThat(peer.client().error()).isEmpty();
    }

    @Test
    void silentPeerFailsAtTheHeartbeatPingTimeout() {
        PeerHarness.Peer peer = h.connect();
        h.scheduler.advance(Duration.ofSeconds(59));
        assertThat(peer.remote().poll(PingMessage.class)).isPresent();
        h.scheduler.advance(Duration.ofSeconds(20).minus(MS));
        assertThat(peer.client().error()).isEmpty();
        h.scheduler.advance(MS);
        assertThat(peer.client().error()).containsInstanceOf(PeerException.ConnectionReceiveTimeout.class);
        assertThat(h.observer.events).containsExactly("connected", "pingSent", "failed");
        assertThat(peer.remote().closeReason()).isPresent();
    }

    @Test
    void heartbeatTimeoutFailsTheClientWithHeartbeatTaskExited() {
        h.config = ConnectionConfig.builder().heartbeatInterval(Duration.ofSeconds(10)).requestTimeout(Duration.ofSeconds(30)).build();
        PeerHarness.Peer peer = h.connect();
        h.scheduler.advance(Duration.ofSeconds(20).minus(MS));
        assertThat(peer.client().error()).isEmpty();
        h.scheduler.advance(MS);
        assertThat(peer.client().error()).containsInstanceOf(PeerException.HeartbeatTaskExited.class);
        assertThat(peer.client().error().get().getMessage()).startsWith("Heartbeat task exited: ");
        assertThat(h.observer.failures).containsExactly(peer.client().error().get());
    }

    @Test
    void heartbeatPingQueuesBehindTheCallersRequestAndNeverMakesTheClientUnready() {
        PeerHarness.Peer peer = h.connect();
        peer.remote().answerPings();
        h.scheduler.advance(Duration.ofSeconds(50));
        var response = blocks(peer, BLOCK_396);
        h.scheduler.advance(Duration.ofSeconds(10)); // 60 s: the tick came, its ping waits
        assertThat(peer.remote().poll(PingMessage.class)).isEmpty();
        assertThat(h.observer.events).contains("pingSent");
        peer.remote().send(new BlockMessage(BLOCK_396));
        h.scheduler.runUntilIdle();
        assertThat(response).isCompleted();
        assertThat(peer.remote().poll(PingMessage.class)).isPresent();
        assertThat(h.observer.events).endsWith("responded");
        // While the heartbeat's ping is in flight the caller's slot stays free.
        peer.remote().respond(PingMessage.class, ping -> List.of());
        h.scheduler.advance(Duration.ofSeconds(59));
        assertThat(peer.remote().poll(PingMessage.class)).isPresent();
        assertThat(peer.client().isReady()).isTrue();
        assertThat(peer.client().ready()).isCompleted();
    }

    // ------------------------------------------------------------------ readiness

    @Test
    void oneCallerRequestAtATime() {
        PeerHarness.Peer peer = h.connect();
        PeerClient client = peer.client();
        assertThat(client.isReady()).isTrue();
        assertThat(client.ready()).isCompleted();
        var first = blocks(peer, BLOCK_396);
        assertThat(client.isReady()).isFalse();
        CompletableFuture<Void> ready = client.ready();
        CompletableFuture<Void> readyAgain = client.ready();
        assertThat(ready).isNotDone();
        assertThatThrownBy(() -> client.call(new Request.Peers())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("wait for ready()");
        peer.remote().send(new BlockMessage(BLOCK_396));
        h.scheduler.runUntilIdle();
        assertThat(first).isCompleted();
        assertThat(ready).isCompleted();
        assertThat(readyAgain).isCompleted();
        assertThat(client.isReady()).isTrue();
    }

    @Test
    void aCallerMayChainTheNextRequestFromTheResponse() {
        PeerHarness.Peer peer = h.connect();
        peer.remote().answerPings();
        var second = peer.client().call(new Request.Ping(1))
                .thenCompose(pong -> peer.client().call(new Request.Ping(2)));
        h.scheduler.runUntilIdle();
        assertThat(second.join()).isInstanceOf(Response.Pong.class);
    }

    // ------------------------------------------------------------------ failure

    @Test
    void failureAnswersEveryWaitingRequestWithTheSameInstance() {
        PeerHarness.Peer peer = h.connect();
        h.scheduler.advance(Duration.ofSeconds(59)); // heartbeat ping in flight, unanswered
        assertThat(peer.remote().poll(PingMessage.class)).isPresent();
        var queued = blocks(peer, BLOCK_396); // queued behind the ping
        assertThat(peer.remote().poll(GetDataMessage.class)).isEmpty();
        CompletableFuture<Void> ready = peer.client().ready();
        peer.remote().connection().close("bye");
        h.scheduler.runUntilIdle();
        PeerException error = assertFails(queued, PeerException.ConnectionClosed.class);
        assertThat(peer.client().error()).containsSame(error);
        assertThat(peer.client().closeFuture().join()).isSameAs(error);
        assertThat(assertFails(ready, PeerException.class)).isSameAs(error);
        assertThat(h.observer.failures).containsExactly(error);
        assertThat(assertFails(peer.client().call(new Request.Peers()), PeerException.class)).isSameAs(error);
        assertThat(assertFails(peer.client().ready(), PeerException.class)).isSameAs(error);
        assertThat(peer.client().isReady()).isFalse();
    }

    @Test
    void closingTheClientDropsTheConnection() {
        PeerHarness.Peer peer = h.connect();
        var waiting = blocks(peer, BLOCK_396);
        peer.client().close();
        assertThat(peer.client().error()).containsInstanceOf(PeerException.ClientDropped.class);
        assertThat(peer.client().isReady()).isFalse();
        h.scheduler.runUntilIdle();
        PeerException error = assertFails(waiting, PeerException.ClientDropped.class);
        assertThat(peer.client().closeFuture().join()).isSameAs(error);
        assertThat(peer.remote().closeReason()).map(CloseReason::kind).contains(CloseReason.Kind.REMOTE);
        assertThat(h.observer.events).containsExactly("connected", "failed");
        peer.client().close();
        h.scheduler.advance(Duration.ofSeconds(10)); // the transport's own connect timer expires harmlessly
        assertThat(h.observer.events).containsExactly("connected", "failed");
        assertThat(h.scheduler.pendingTasks()).as("every timer cancelled").isZero();
    }

    @Test
    void remoteCloseIsConnectionClosed() {
        PeerHarness.Peer peer = h.connect();
        peer.remote().connection().close("bye");
        h.scheduler.runUntilIdle();
        assertThat(peer.client().error()).containsInstanceOf(PeerException.ConnectionClosed.class);
    }

    @Test
    void decodeErrorIsSerialization() {
        CompletableFuture<Connection> accepted = h.listenAndAccept();
        CompletableFuture<RawConnection> rawFuture = h.net.connectRaw(PeerHarness.ourListener());
        h.scheduler.runUntilIdle();
        RawConnection raw = rawFuture.join();
        FrameCodec codec = FrameCodec.forHandshake(PeerHarness.NETWORK);
        raw.write(frame(codec, PeerHarness.versionOf(raw.localAddress(), 170_160, 3, PeerServices.NETWORK)));
        raw.write(frame(codec, new VerackMessage()));
        CompletableFuture<PeerClient> client = h.connector().accept(accepted.join());
        h.scheduler.runUntilIdle();
        assertThat(client.join().info().inbound()).isTrue();
        raw.write(frame(FrameCodec.forHandshake(io.peerset.wire.Network.TESTNET), new PingMessage(1)));
        h.scheduler.runUntilIdle();
        PeerException error = client.join().error().orElseThrow();
        assertThat(error).isInstanceOf(PeerException.Serialization.class);
        assertThat(error.getCause()).isInstanceOf(WireFormatException.class);
        assertThat(raw.isOpen()).isFalse();
    }

    @Test
    void aGetblocksCarryingItsSendersOwnVersionIsServedAndReported() {
        // issue 14 §5: bcoin writes its own protocol version (70015) in getblocks/getheaders, not the
        // negotiated one; the codec refused it and the connection was dropped
        CompletableFuture<Connection> accepted = h.listenAndAccept();
        CompletableFuture<RawConnection> rawFuture = h.net.connectRaw(PeerHarness.ourListener());
        h.scheduler.runUntilIdle();
        RawConnection raw = rawFuture.join();
        FrameCodec codec = FrameCodec.forHandshake(PeerHarness.NETWORK); // checks no version when encoding
        raw.write(frame(codec, PeerHarness.versionOf(raw.localAddress(), 170_160, 3, PeerServices.NETWORK)));
        raw.write(frame(codec, new VerackMessage()));
        CompletableFuture<PeerClient> client = h.connector().accept(accepted.join());
        h.scheduler.runUntilIdle();
        assertThat(client.join().info().negotiatedVersion()).isEqualTo(170_160);
        Hash32 tip = Hash32.fromDisplayHex("00040fe8ec8471911baa1db1266ea15dd06b4a8a5c453883c000b031973dce08");
        raw.write(frame(codec, new io.peerset.wire.GetBlocksMessage(70_015, List.of(tip), Hash32.ZERO)));
        raw.write(frame(codec, new io.peerset.wire.GetHeadersMessage(70_015, List.of(tip), Hash32.ZERO)));
        h.scheduler.runUntilIdle();
        assertThat(client.join().error()).isEmpty();
        assertThat(raw.isOpen()).isTrue();
        assertThat(h.inbound.requests()).containsExactly(new Request.FindBlocks(List.of(tip), Hash32.ZERO),
                new Request.FindHeaders(List.of(tip), Hash32.ZERO));
        assertThat(h.observer.events).containsExactly("connected", "locatorVersionMismatch getblocks 70015",
                "locatorVersionMismatch getheaders 70015");
    }

    @Test
    void closeReasonsMapToPeerErrors() {
        assertThat(PeerConnection.toPeerException(CloseReason.remote())).isInstanceOf(PeerException.ConnectionClosed.class);
        assertThat(PeerConnection.toPeerException(CloseReason.ioError(new java.io.IOException("reset"))))
                .isInstanceOf(PeerException.ConnectionClosed.class).hasCauseInstanceOf(java.io.IOException.class);
        assertThat(PeerConnection.toPeerException(CloseReason.decodeError(new WireFormatException("frame", "checksum", 20, "0 (expected: 1)"))))
                .isInstanceOf(PeerException.Serialization.class);
        assertThat(PeerConnection.toPeerException(CloseReason.local("shutdown"))).isInstanceOf(PeerException.ConnectionDropped.class);
    }

    private static byte[] frame(FrameCodec codec, Message message) {
        ByteBuffer buffer = codec.encode(message);
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    // ------------------------------------------------------------------ cancellation (reference 9.8)

    @Test
    void cancelledRequestDoesNotDesynchroniseTheConnection() {
        PeerHarness.Peer peer = h.connect();
        var cancelled = blocks(peer, BLOCK_396);
        assertThat(cancelled.cancel(true)).isTrue();
        assertThat(peer.client().isReady()).isTrue();
        var next = blocks(peer, BLOCK_419201);
        // The cancelled request's block arrives late, then the one we want.
        peer.remote().send(new BlockMessage(BLOCK_396));
        peer.remote().send(new BlockMessage(BLOCK_419201));
        h.scheduler.runUntilIdle();
        assertThat(next.join()).isEqualTo(new Response.Blocks(List.of(BLOCK_419201), List.of()));
        assertThat(peer.client().error()).isEmpty();
        assertThat(h.inbound.requests()).isEmpty();
    }

    @Test
    void cancelledQueuedRequestIsNeverSent() {
        h.net.latency(Duration.ofMillis(500));
        PeerHarness.Peer peer = h.connect();
        peer.remote().answerPings();
        h.scheduler.advance(Duration.ofSeconds(59)); // the heartbeat ping is in flight for 1 s
        assertThat(h.observer.events).endsWith("pingSent");
        var queued = peer.client().call(new Request.BlocksByHash(Set.of(BLOCK_396.hash())));
        h.scheduler.advance(Duration.ofMillis(100));
        queued.cancel(false);
        h.scheduler.advance(Duration.ofSeconds(5));
        assertThat(h.observer.events).endsWith("responded");
        assertThat(peer.remote().poll(GetDataMessage.class)).isEmpty();
        assertThat(peer.client().isReady()).isTrue();
    }

    // ------------------------------------------------------------------ overload (reference 6.9)

    @Test
    void overloadedInboundServiceDropsTheConnectionWhenTheDrawIsBelowTheProbability() {
        h.random = PeerHarness.constantDouble(0.04); // below 0.05: dropped at the first overload
        PeerHarness.Peer peer = h.connect();
        h.inbound.answerWith(r -> CompletableFuture.failedFuture(new io.peerset.api.InboundOverloadedException("full")));
        peer.remote().send(new io.peerset.wire.GetAddrMessage());
        h.scheduler.runUntilIdle();
        assertThat(peer.client().error()).containsInstanceOf(PeerException.Overloaded.class);
    }

    @Test
    void overloadedInboundServiceKeepsTheConnectionWhenTheDrawIsAbove() {
        h.random = PeerHarness.constantDouble(0.06);
        PeerHarness.Peer peer = h.connect();
        h.inbound.answerWith(r -> CompletableFuture.failedFuture(new io.peerset.api.InboundOverloadedException("full")));
        peer.remote().send(new io.peerset.wire.GetAddrMessage());
        h.scheduler.runUntilIdle();
        assertThat(peer.client().error()).isEmpty();
        // A second overload 0.1 s later: p = 0.5 - 0.01 * 0.45 = 0.4955 > 0.06, dropped.
        h.scheduler.advance(Duration.ofMillis(100));
        peer.remote().send(new io.peerset.wire.GetAddrMessage());
        h.scheduler.runUntilIdle();
        assertThat(peer.client().error()).containsInstanceOf(PeerException.Overloaded.class);
    }

    @Test
    void slowInboundServiceCountsAsOverloadAfterFiveSeconds() {
        h.random = PeerHarness.constantDouble(0.99); // never dropped
        PeerHarness.Peer peer = h.connect();
        CompletableFuture<Response> slow = new CompletableFuture<>();
        h.inbound.answerWith(r -> slow);
        peer.remote().send(new io.peerset.wire.GetAddrMessage());
        peer.remote().send(new PingMessage(4));
        h.scheduler.runUntilIdle();
        h.scheduler.advance(Duration.ofSeconds(5).minus(MS));
        assertThat(peer.remote().poll(PongMessage.class)).as("still serving the getaddr").isEmpty();
        h.scheduler.advance(MS);
        assertThat(peer.remote().poll(PongMessage.class)).as("given up: the next message is read").isPresent();
        slow.complete(new Response.Peers(addresses(1, 80)));
        h.scheduler.runUntilIdle();
        assertThat(peer.remote().poll(AddrMessage.class)).as("a late answer is not sent").isEmpty();
        assertThat(peer.client().error()).isEmpty();
    }

    @Test
    void slowInboundServiceMayDropTheConnectionWithInboundTimeout() {
        h.random = PeerHarness.constantDouble(0.0);
        PeerHarness.Peer peer = h.connect();
        h.inbound.answerWith(r -> new CompletableFuture<>());
        peer.remote().send(new io.peerset.wire.GetAddrMessage());
        h.scheduler.advance(Duration.ofSeconds(5));
        assertThat(peer.client().error()).containsInstanceOf(PeerException.InboundTimeout.class);
    }

    @Test
    void overloadProbabilityReducesOverTime() {
        long now = 10_000_000_000L;
        assertThat(OverloadPolicy.dropProbability(now, java.util.OptionalLong.empty())).isEqualTo(0.05);
        assertThat(OverloadPolicy.dropProbability(now, java.util.OptionalLong.of(now))).isEqualTo(0.5);
        assertThat(OverloadPolicy.dropProbability(now, java.util.OptionalLong.of(now - 500_000_000L)))
                .isCloseTo(0.5 - 0.25 * 0.45, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(OverloadPolicy.dropProbability(now, java.util.OptionalLong.of(now - 1_000_000_000L))).isCloseTo(0.05,
                org.assertj.core.data.Offset.offset(1e-12));
        assertThat(OverloadPolicy.dropProbability(now, java.util.OptionalLong.of(now - 5_000_000_000L))).isEqualTo(0.05);
        double previous = 1;
        for (long gap = 0; gap <= 2_000_000_000L; gap += 10_000_000L) {
            double p = OverloadPolicy.dropProbability(now, java.util.OptionalLong.of(now - gap));
            assertThat(p).isBetween(0.05, 0.5).isLessThanOrEqualTo(previous);
            previous = p;
        }
    }

    @Test
    void connectionsAreRandomlyDisconnectedOnOverload() {
        h.random = new java.util.SplittableRandom(2024);
        h.inbound.answerWith(r -> CompletableFuture.failedFuture(new io.peerset.api.InboundOverloadedException("full")));
        List<PeerHarness.Peer> peers = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            peers.add(h.connect());
        }
        for (PeerHarness.Peer peer : peers) {
            peer.remote().send(new io.peerset.wire.GetAddrMessage());
            peer.remote().send(new io.peerset.wire.MempoolMessage());
        }
        h.scheduler.runUntilIdle();
        long dropped = peers.stream().filter(p -> p.client().error().isPresent()).count();
        assertThat(peers.stream().flatMap(p -> p.client().error().stream()))
                .allMatch(e -> e instanceof PeerException.Overloaded);
        assertThat(dropped).as("some but not all").isBetween(1L, 39L);
    }
}
