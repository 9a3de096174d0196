package io.peerset.core.peer;

import static io.peerset.core.peer.PeerHarness.NETWORK;
import static io.peerset.core.peer.PeerHarness.versionOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.api.ChainTip;
import io.peerset.api.ConnectionInfo;
import io.peerset.api.HandshakeException;
import io.peerset.api.spi.CloseReason;
import io.peerset.api.spi.Connection;
import io.peerset.api.spi.ConnectionHandler;
import io.peerset.api.spi.HandshakeConfig;
import io.peerset.inmemory.RawConnection;
import io.peerset.inmemory.VirtualScheduler;
import io.peerset.testkit.ScriptedPeer;
import io.peerset.wire.FrameCodec;
import io.peerset.wire.InvMessage;
import io.peerset.wire.Message;
import io.peerset.wire.Network;
import io.peerset.wire.NetworkAddress;
import io.peerset.wire.NetworkUpgrade;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.PeerServices;
import io.peerset.wire.PingMessage;
import io.peerset.wire.VerackMessage;
import io.peerset.wire.VersionMessage;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Reference sections 6.1 to 6.3 and 6.13, on the in-memory transport under virtual time. */
class ZcashHandshakerTest {

    private final PeerHarness h = new PeerHarness();

    /** One handshake: our side dials a remote whose scripted peer is attached once accepted. */
    private record Dial(CompletableFuture<ConnectionInfo> result, ScriptedPeer remote, Connection ours) {
    }

    /** Dials {@code remote}; its scripted peer runs the handshake with {@code remoteVersion} unless null. */
    private Dial dial(ZcashHandshaker handshaker, PeerHarness.Remote remote, VersionMessage remoteVersion) {
        CompletableFuture<ScriptedPeer> scripted = PeerHarness.acceptScripted(remote, remoteVersion);
        CompletableFuture<Connection> dialled = h.local.connect(remote.address(), Duration.ofSeconds(3));
        h.scheduler.runUntilIdle();
        Connection ours = dialled.join();
        CompletableFuture<ConnectionInfo> result = handshaker.handshake(ours, Duration.ofSeconds(3));
        h.scheduler.runUntilIdle();
        return new Dial(result, scripted.join(), ours);
    }

    private Dial dial(ZcashHandshaker handshaker) {
        return dial(handshaker, h.remote(), null);
    }

    private Dial dialWith(ZcashHandshaker handshaker, long version, PeerServices services) {
        PeerHarness.Remote remote = h.remote();
        return dial(handshaker, remote, versionOf(remote.address(), version, 5, services));
    }

    private static ZcashHandshaker handshaker(HandshakeConfig config, VirtualScheduler scheduler) {
        return new ZcashHandshaker(config, scheduler, new SplittableRandom(1));
    }

    @Test
    void sendsVersionAtOnceWithTheReferenceFields() {
        h.scheduler.advance(Duration.ofMinutes(7).plusSeconds(13));
        HandshakeConfig config = HandshakeConfig.builder(NETWORK).userAgent("/test:1.2/")
                .listenAddress(PeerAddress.parse("[::]:8233"))
                .chainTip(ChainTip.fixed(2_345_678, NetworkUpgrade.NU6_2, false)).build();
        ZcashHandshaker handshaker = handshaker(config, h.scheduler);
        PeerHarness.Remote remote = h.remote();
        Dial dial = dial(handshaker, remote, null);

        VersionMessage ours = dial.remote().poll(VersionMessage.class).orElseThrow();
        assertThat(ours.version()).isEqualTo(Network.CURRENT_PROTOCOL_VERSION);
        assertThat(ours.services()).isEqualTo(PeerServices.NETWORK);
        // 00:07:13 rounded down to a multiple of 5 minutes.
        assertThat(ours.timestamp()).isEqualTo(VirtualScheduler.DEFAULT_START.plus(Duration.ofMinutes(5)));
        assertThat(ours.receiver()).isEqualTo(new NetworkAddress(PeerServices.NETWORK, remote.address()));
        assertThat(ours.sender()).isEqualTo(new NetworkAddress(PeerServices.NETWORK, PeerAddress.parse("[::]:8233")));
        assertThat(handshaker.isOurNonce(ours.nonce())).isTrue();
        assertThat(ours.userAgent()).isEqualTo("/test:1.2/");
        assertThat(ours.startHeight()).isEqualTo(2_345_678);
        assertThat(ours.relay()).isTrue();
        // Sent before the remote said anything.
        assertThat(dial.remote().received()).hasSize(1);
    }

    @Test
    void timestampIsRoundedDownToFiveMinutes() {
        ZcashHandshaker handshaker = handshaker(HandshakeConfig.builder(NETWORK).build(), h.scheduler);
        long[] offsets = {0, 1, 299, 300, 301, 599, 600, 86_399};
        long elapsed = 0;
        for (long offset : offsets) {
            h.scheduler.advance(Duration.ofSeconds(offset - elapsed));
            elapsed = offset;
            Instant stamp = handshaker.ourVersion(PeerAddress.parse("10.1.1.1:8233"), 1).timestamp();
            assertThat(stamp).isEqualTo(VirtualScheduler.DEFAULT_START.plusSeconds(offset - offset % 300));
        }
    }

    @Test
    void externalAddressIsAnnouncedInsteadOfTheListenAddress() {
        HandshakeConfig config = HandshakeConfig.builder(NETWORK).services(new PeerServices(5))
                .externalAddress(PeerAddress.parse("203.0.113.5:8233")).build();
        VersionMessage ours = handshaker(config, h.scheduler).ourVersion(PeerAddress.parse("10.1.1.1:8233"), 9);
        assertThat(ours.sender()).isEqualTo(new NetworkAddress(new PeerServices(5), PeerAddress.parse("203.0.113.5:8233")));
        assertThat(ours.services()).isEqualTo(new PeerServices(5));
        assertThat(ours.startHeight()).as("unknown tip").isZero();
    }

    @Test
    void isolatedVersionRevealsNothingOnEveryNetwork() throws Exception {
        h.scheduler.advance(Duration.ofSeconds(1234));
        for (Network network : Network.builtIns()) {
            VersionMessage ours = handshaker(HandshakeConfig.isolated(network, ""), h.scheduler)
                    .ourVersion(PeerAddress.parse("10.1.1.1:" + network.defaultPort()), 77);
            PeerAddress unspecified = new PeerAddress(InetAddress.getByName("0.0.0.0"), network.defaultPort());
            assertThat(ours.version()).isEqualTo(network.protocolVersion());
            assertThat(ours.services()).isEqualTo(PeerServices.NONE);
            // As the reference sends it (section 6.2, isolated column; its isolated test vectors):
            // the receiver with NODE_NETWORK, ourselves with no services.
            assertThat(ours.receiver()).isEqualTo(new NetworkAddress(PeerServices.NETWORK, unspecified));
            assertThat(ours.sender()).isEqualTo(new NetworkAddress(PeerServices.NONE, unspecified));
            assertThat(ours.timestamp()).isEqualTo(VirtualScheduler.DEFAULT_START.plusSeconds(1200));
            assertThat(ours.userAgent()).isEmpty();
            assertThat(ours.startHeight()).isZero();
            assertThat(ours.relay()).isFalse();
        }
    }

    @Test
    void completesAfterSkippingMessagesBeforeVersionAndBeforeVerack() {
        ZcashHandshaker handshaker = h.handshaker();
        PeerHarness.Remote remote = h.remote();
        Dial dial = dial(handshaker, remote, null);
        ScriptedPeer peer = dial.remote();
        peer.send(new PingMessage(1));
        peer.send(new InvMessage(List.of()));
        h.scheduler.runUntilIdle();
        assertThat(dial.result()).isNotDone();
        peer.send(versionOf(remote.address(), 170_155, 99, PeerServices.NETWORK));
        h.scheduler.runUntilIdle();
        assertThat(peer.poll(VerackMessage.class)).isPresent();
        peer.send(new PingMessage(2));
        h.scheduler.runUntilIdle();
        assertThat(dial.result()).isNotDone();
        peer.send(new VerackMessage());
        h.scheduler.runUntilIdle();

        ConnectionInfo info = dial.result().join();
        assertThat(info.negotiatedVersion()).isEqualTo(170_155);
        assertThat(info.remoteVersion().nonce()).isEqualTo(99);
        assertThat(info.inbound()).isFalse();
        assertThat(info.remoteAddress()).isEqualTo(remote.address());
        assertThat(info.handshakeTime()).isEqualTo(Duration.ZERO);
        // Skipped, not answered: only version and verack went out.
        assertThat(peer.received()).extracting(Message::command).containsExactly("version", "verack");
    }

    @Test
    void negotiatedVersionIsTheLowerOfBoth() {
        Dial dial = dialWith(h.handshaker(), 180_000, PeerServices.NETWORK);
        assertThat(dial.result().join().negotiatedVersion()).isEqualTo(Network.CURRENT_PROTOCOL_VERSION);
    }

    @Test
    void leavesNoDemandOutstandingAfterSuccess() {
        Dial dial = dialWith(h.handshaker(), 170_160, PeerServices.NETWORK);
        assertThat(dial.result()).isCompleted();
        dial.remote().send(new PingMessage(3));
        List<Message> seen = new ArrayList<>();
        dial.ours().attach(new ConnectionHandler() {
            @Override
            public void onMessage(Message message) {
                seen.add(message);
            }

            @Override
            public void onClosed(CloseReason reason) {
            }
        });
        h.scheduler.runUntilIdle();
        assertThat(seen).isEmpty();
        h.scheduler.execute(() -> dial.ours().request(1));
        h.scheduler.runUntilIdle();
        assertThat(seen).containsExactly(new PingMessage(3));
    }

    @Test
    void remoteNonceEqualToOursIsASelfConnection() {
        PeerHarness.Remote remote = h.remote();
        CompletableFuture<Connection> accepted = remote.acceptor().accept();
        CompletableFuture<Connection> dialled = h.local.connect(remote.address(), Duration.ofSeconds(3));
        h.scheduler.runUntilIdle();
        ScriptedPeer mirror = ScriptedPeer.attach(accepted.join());
        // A "peer" that echoes our own nonce back: what we see when we dial ourselves.
        mirror.respond(VersionMessage.class, v -> List.of(versionOf(remote.address(), 170_160, v.nonce(), PeerServices.NETWORK)));
        CompletableFuture<ConnectionInfo> result = h.handshaker().handshake(dialled.join(), Duration.ofSeconds(3));
        h.scheduler.runUntilIdle();
        assertFails(result, HandshakeException.RemoteNonceReuse.class);
        assertThat(mirror.closeReason()).isPresent();
    }

    @Test
    void dialingOurOwnListenerIsDetectedThroughTheSharedNonceSet() {
        CompletableFuture<Connection> accepted = h.listenAndAccept();
        CompletableFuture<Connection> dialled = h.local.connect(PeerHarness.ourListener(), Duration.ofSeconds(3));
        h.scheduler.runUntilIdle();
        CompletableFuture<ConnectionInfo> outbound = h.handshaker().handshake(dialled.join(), Duration.ofSeconds(3));
        CompletableFuture<ConnectionInfo> inbound = h.handshaker().handshake(accepted.join(), Duration.ofSeconds(3));
        h.scheduler.runUntilIdle();
        assertFails(outbound, HandshakeException.RemoteNonceReuse.class);
        assertFails(inbound, HandshakeException.RemoteNonceReuse.class);
    }

    @Test
    void localNonceCollisionFails() {
        ZcashHandshaker handshaker = new ZcashHandshaker(HandshakeConfig.builder(NETWORK).build(), h.scheduler, () -> 42L);
        Dial first = dial(handshaker);
        assertThat(first.result()).isNotDone();
        Dial second = dial(handshaker);
        assertFails(second.result(), HandshakeException.LocalDuplicateNonce.class);
        assertThat(second.ours().isOpen()).isFalse();
    }

    @Test
    void obsoleteVersionIsRejectedAgainstTheInitialMinimum() {
        ZcashHandshaker handshaker = handshaker(HandshakeConfig.builder(NETWORK).build(), h.scheduler);
        Dial dial = dialWith(handshaker, 170_149, PeerServices.NETWORK);
        HandshakeException.ObsoleteVersion error = assertFails(dial.result(), HandshakeException.ObsoleteVersion.class);
        assertThat(error.version()).isEqualTo(170_149);
        assertThat(error.minimum()).isEqualTo(170_150);
        assertThat(error.step()).as("failed checking their version").hasValue(HandshakeException.Step.VERSION);
        assertThat(dial.ours().isOpen()).isFalse();
    }

    @Test
    void obsoleteVersionFollowsTheUpgradeActiveAtTheTip() {
        HandshakeConfig config = HandshakeConfig.builder(NETWORK)
                .chainTip(ChainTip.fixed(3_000_000, NetworkUpgrade.NU6_3, false)).build();
        ZcashHandshaker handshaker = handshaker(config, h.scheduler);
        assertThat(handshaker.minimumPeerVersion()).isEqualTo(170_160);
        Dial dial = dialWith(handshaker, 170_150, PeerServices.NETWORK);
        assertThat(assertFails(dial.result(), HandshakeException.ObsoleteVersion.class).minimum()).isEqualTo(170_160);
        // An old upgrade at the tip never lowers the floor below the initial minimum.
        HandshakeConfig old = HandshakeConfig.builder(NETWORK).chainTip(ChainTip.fixed(500_000, NetworkUpgrade.SAPLING, false)).build();
        assertThat(handshaker(old, h.scheduler).minimumPeerVersion()).isEqualTo(170_150);
    }

    @Test
    void outboundNonServingPeerIsRejectedWhileSyncing() {
        HandshakeConfig syncing = HandshakeConfig.builder(NETWORK).build(); // unknown tip = syncing
        Dial dial = dialWith(handshaker(syncing, h.scheduler), 170_160, PeerServices.NONE);
        assertThat(assertFails(dial.result(), HandshakeException.MissingRequiredServices.class).services())
                .isEqualTo(PeerServices.NONE);
    }

    @Test
    void outboundNonServingPeerIsAcceptedAtTheTip() {
        HandshakeConfig atTip = HandshakeConfig.builder(NETWORK)
                .chainTip(ChainTip.fixed(3_000_000, NetworkUpgrade.NU6_2, false)).build();
        assertThat(handshakeOutbound(atTip, PeerServices.NONE)).isCompleted();
    }

    @Test
    void servingPeerIsAcceptedWhileSyncing() {
        assertThat(handshakeOutbound(HandshakeConfig.builder(NETWORK).build(), PeerServices.NETWORK)).isCompleted();
    }

    @Test
    void isolatedNonServingPeerIsAcceptedWhileSyncing() {
        assertThat(handshakeOutbound(HandshakeConfig.isolated(NETWORK, ""), PeerServices.NONE)).isCompleted();
    }

    @Test
    void inboundNonServingPeerIsAcceptedWhileSyncing() {
        ZcashHandshaker handshaker = handshaker(HandshakeConfig.builder(NETWORK).build(), h.scheduler);
        PeerHarness.DialIn light = h.dialIn(remote -> versionOf(remote.address(), 170_160, 5, PeerServices.NONE));
        h.scheduler.runUntilIdle();
        CompletableFuture<ConnectionInfo> result = handshaker.handshake(light.accepted(), Duration.ofSeconds(3));
        h.scheduler.runUntilIdle();
        assertThat(result.join().inbound()).isTrue();
    }

    private CompletableFuture<ConnectionInfo> handshakeOutbound(HandshakeConfig config, PeerServices remoteServices) {
        return dialWith(handshaker(config, h.scheduler), 170_160, remoteServices).result();
    }

    @Test
    void silentPeerTimesOutAfterThreeSecondsOfVirtualTime() {
        Dial dial = dial(h.handshaker());
        h.scheduler.advance(Duration.ofMillis(2_999));
        assertThat(dial.result()).isNotDone();
        assertThat(dial.ours().isOpen()).isTrue();
        h.scheduler.advance(Duration.ofMillis(1));
        assertThat(assertFails(dial.result(), HandshakeException.Timeout.class).step())
                .hasValue(HandshakeException.Step.VERSION);
        assertThat(dial.ours().isOpen()).isFalse();
        assertThat(dial.remote().closeReason()).map(CloseReason::kind).contains(CloseReason.Kind.REMOTE);
    }

    @Test
    void aPeerThatSendsItsVersionButNoVerackFailsAtTheVerackStep() {
        PeerHarness.Remote remote = h.remote();
        Dial dial = dial(h.handshaker(), remote, null);
        dial.remote().send(versionOf(remote.address(), 170_160, 5, PeerServices.NETWORK));
        h.scheduler.runUntilIdle();
        assertThat(dial.result()).isNotDone();
        h.scheduler.advance(Duration.ofSeconds(3));
        HandshakeException.Timeout error = assertFails(dial.result(), HandshakeException.Timeout.class);
        assertThat(error.step()).hasValue(HandshakeException.Step.VERACK);
        assertThat(io.peerset.core.common.PeerFailures.event(remote.address(), false, error))
                .isEqualTo(new io.peerset.api.NodeEvent.HandshakeFailed(remote.address(), false,
                        java.util.Optional.of(HandshakeException.Step.VERACK), io.peerset.api.FailureReason.TIMEOUT,
                        "handshake timed out: no verack within PT3S"));
        assertThat(error.getMessage()).isEqualTo("outbound peer " + remote.address().redacted()
                + ": handshake timed out: no verack within PT3S");
        assertThatThrownBy(() -> error.atStep(HandshakeException.Step.CONNECT)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void peerClosingDuringTheHandshakeFails() {
        Dial dial = dial(h.handshaker());
        dial.remote().connection().close("bye");
        h.scheduler.runUntilIdle();
        assertFails(dial.result(), HandshakeException.ConnectionClosed.class);
    }

    @Test
    void invalidBytesFailWithSerialization() {
        CompletableFuture<Connection> accepted = h.listenAndAccept();
        CompletableFuture<RawConnection> raw = h.net.connectRaw(PeerHarness.ourListener());
        h.scheduler.runUntilIdle();
        CompletableFuture<ConnectionInfo> result = h.handshaker().handshake(accepted.join(), Duration.ofSeconds(3));
        ByteBuffer frame = FrameCodec.forHandshake(Network.TESTNET).encode(new PingMessage(1)); // wrong magic
        byte[] bytes = new byte[frame.remaining()];
        frame.get(bytes);
        raw.join().write(bytes);
        h.scheduler.runUntilIdle();
        assertFails(result, HandshakeException.Serialization.class);
    }

    @Test
    void nonceSetEvictsTheOldestAndKeepsUsedNonces() {
        NonceSet set = new NonceSet(2);
        assertThat(set.add(1)).isTrue();
        assertThat(set.add(2)).isTrue();
        assertThat(set.add(2)).isFalse();
        assertThat(set.add(3)).isTrue();
        assertThat(set.contains(1)).isFalse();
        assertThat(set.contains(2)).isTrue();
        assertThat(set.contains(3)).isTrue();
        assertThat(set.size()).isEqualTo(2);
        assertThatThrownBy(() -> new NonceSet(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void providerIsNamedZcash() {
        ZcashHandshakerProvider provider = new ZcashHandshakerProvider();
        assertThat(provider.name()).isEqualTo("zcash");
        assertThat(provider.priority()).isEqualTo(100);
        assertThat(provider.create(HandshakeConfig.builder(NETWORK).build(), h.scheduler, new SplittableRandom()))
                .isInstanceOf(ZcashHandshaker.class);
    }

    static <T extends Throwable> T assertFails(CompletableFuture<?> future, Class<T> type) {
        assertThat(future).isCompletedExceptionally();
        Throwable cause = future.handle((v, e) -> e instanceof CompletionException ? e.getCause() : e).join();
        assertThat(cause).isInstanceOf(type);
        return type.cast(cause);
    }
}
