package io.peerset.core.peer;

import static io.peerset.core.peer.PeerHarness.versionOf;
import static io.peerset.core.peer.ZcashHandshakerTest.assertFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.api.ConnectionInfo;
import io.peerset.api.HandshakeException;
import io.peerset.api.InboundService;
import io.peerset.api.PeerClient;
import io.peerset.api.Request;
import io.peerset.api.Response;
import io.peerset.api.spi.Acceptor;
import io.peerset.api.spi.Connection;
import io.peerset.core.common.ConnectionConfig;
import io.peerset.core.connect.IsolatedConnections;
import io.peerset.core.connect.PeerConnector;
import io.peerset.inmemory.VirtualScheduler;
import io.peerset.testkit.ScriptedPeer;
import io.peerset.wire.AddrMessage;
import io.peerset.wire.AddressEntry;
import io.peerset.wire.GetAddrMessage;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.PeerServices;
import io.peerset.wire.VersionMessage;
import java.net.InetAddress;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** {@link PeerConnector} (the outbound budget, inbound accepts) and {@link IsolatedConnections}. */
class PeerConnectorTest {

    private final PeerHarness h = new PeerHarness();

    @Test
    void connectAndHandshakeShareOneBudget() {
        // 400 ms each way: the connect takes 0.8 s, the handshake 0.8 s more; done at 1.6 s < 3 s.
        h.net.latency(Duration.ofMillis(400));
        PeerHarness.Remote remote = h.remote();
        PeerHarness.acceptScripted(remote, versionOf(remote.address(), 170_160, 1, PeerServices.NETWORK));
        CompletableFuture<PeerClient> client = h.connector().connect(remote.address());
        h.scheduler.advance(Duration.ofMillis(1_599));
        assertThat(client).isNotDone();
        h.scheduler.advance(Duration.ofMillis(1));
        ConnectionInfo info = client.join().info();
        assertThat(info.handshakeTime()).as("measured from the dial").isEqualTo(Duration.ofMillis(1_600));
        assertThat(info.inbound()).isFalse();
        assertThat(h.observer.events).containsExactly("connected");
    }

    @Test
    void aSlowConnectLeavesLessTimeForTheHandshake() {
        // 800 ms each way: connect 1.6 s + handshake 1.6 s = 3.2 s > 3 s, though either alone fits in 3 s.
        h.net.latency(Duration.ofMillis(800));
        PeerHarness.Remote remote = h.remote();
        CompletableFuture<ScriptedPeer> scripted =
                PeerHarness.acceptScripted(remote, versionOf(remote.address(), 170_160, 1, PeerServices.NETWORK));
        CompletableFuture<PeerClient> client = h.connector().connect(remote.address());
        h.scheduler.advance(Duration.ofSeconds(3).minusMillis(1));
        assertThat(client).isNotDone();
        h.scheduler.advance(Duration.ofMillis(1));
        assertFails(client, HandshakeException.Timeout.class);
        h.scheduler.advance(Duration.ofSeconds(2));
        assertThat(scripted.join().closeReason()).isPresent();
        assertThat(h.observer.events).isEmpty();
    }

    @Test
    void anUnresponsiveAddressTimesOutAtTheBudget() {
        PeerAddress silent = PeerAddress.parse("10.7.7.7:8233");
        h.net.dropConnectsTo(silent);
        CompletableFuture<PeerClient> client = h.connector().connect(silent);
        h.scheduler.advance(Duration.ofMillis(2_999));
        assertThat(client).isNotDone();
        h.scheduler.advance(Duration.ofMillis(1));
        assertThat(assertFails(client, HandshakeException.Timeout.class).step()).hasValue(HandshakeException.Step.CONNECT);
    }

    @Test
    void aRefusedConnectIsIo() {
        CompletableFuture<PeerClient> client = h.connector().connect(PeerAddress.parse("10.7.7.8:8233"));
        h.scheduler.runUntilIdle();
        HandshakeException.Io error = assertFails(client, HandshakeException.Io.class);
        assertThat(error).hasMessageContaining("v4redacted:8233").hasMessageContaining("connection refused");
        assertThat(error.step()).hasValue(HandshakeException.Step.CONNECT);
    }

    @Test
    void aFailedDialsEventCarriesTheAddressApartAndItsMessageNamesNoRedactedAddress() {
        // issue 14 §6: the events file (unredacted) showed "outbound peer v4redacted:8233: ..."
        PeerAddress dead = PeerAddress.parse("10.7.7.9:8233");
        CompletableFuture<PeerClient> client = h.connector().connect(dead);
        h.scheduler.runUntilIdle();
        HandshakeException.Io error = assertFails(client, HandshakeException.Io.class);
        io.peerset.api.NodeEvent.HandshakeFailed event = io.peerset.core.common.PeerFailures.event(dead, false, error);
        assertThat(event.address()).isEqualTo(dead);
        assertThat(event.message()).isEqualTo("could not connect: connection refused");
        assertThat(error.peer()).contains(dead);
        // logs keep the redacted form, rendered when the message is read
        assertThat(error.getMessage()).isEqualTo("outbound peer v4redacted:8233: could not connect: connection refused");
        PeerAddress.showInLogs(true);
        try {
            assertThat(error.getMessage()).isEqualTo("outbound peer 10.7.7.9:8233: could not connect: connection refused");
        } finally {
            PeerAddress.showInLogs(false);
        }
    }

    @Test
    void acceptRunsTheInboundHandshakeAndSeedsBothAlternateAddresses() {
        // It announces a listener on another IP, port 18888.
        PeerHarness.DialIn in = h.dialIn(remote -> versionOf(PeerAddress.parse("192.0.2.1:18888"), 170_160, 1,
                PeerServices.NETWORK));
        ScriptedPeer dialer = in.dialer();
        CompletableFuture<PeerClient> client = h.connector().accept(in.accepted());
        h.scheduler.runUntilIdle();
        assertThat(client.join().info().inbound()).isTrue();
        var peers = client.join().call(new Request.Peers());
        h.scheduler.runUntilIdle();
        assertThat(peers.join().addresses()).extracting(AddressEntry::address)
                .containsExactlyInAnyOrder(PeerAddress.parse("192.0.2.1:18888"),
                        new PeerAddress(in.dialled().localAddress().ip(), 18888));
        assertThat(dialer.poll(GetAddrMessage.class)).isEmpty();
    }

    @Test
    void alternateAddressesFollowTheReference() throws Exception {
        PeerAddress dialled = PeerAddress.parse("10.1.1.1:8233");
        // Outbound, announced the dialled address: nothing new.
        assertThat(PeerConnection.alternateAddresses(info(dialled, dialled, false), VirtualScheduler.DEFAULT_START)).isEmpty();
        // Outbound, unspecified parts replaced by the dialled ones.
        PeerAddress unspecified = new PeerAddress(InetAddress.getByName("::"), 0);
        assertThat(PeerConnection.alternateAddresses(info(dialled, unspecified, false), VirtualScheduler.DEFAULT_START)).isEmpty();
        PeerAddress otherPort = new PeerAddress(InetAddress.getByName("0.0.0.0"), 9999);
        assertThat(PeerConnection.alternateAddresses(info(dialled, otherPort, false), VirtualScheduler.DEFAULT_START))
                .extracting(AddressEntry::address).containsExactly(PeerAddress.parse("10.1.1.1:9999"));
        // Inbound: the announced address (if dialable) and the connection's IP with the announced port.
        PeerAddress ephemeral = PeerAddress.parse("10.1.1.1:50123");
        assertThat(PeerConnection.alternateAddresses(info(ephemeral, new PeerAddress(InetAddress.getByName("::"), 8233), true),
                VirtualScheduler.DEFAULT_START)).extracting(AddressEntry::address).containsExactly(PeerAddress.parse("10.1.1.1:8233"));
        assertThat(PeerConnection.alternateAddresses(info(ephemeral, PeerAddress.parse("10.1.1.1:8233"), true),
                VirtualScheduler.DEFAULT_START)).extracting(AddressEntry::address).containsExactly(PeerAddress.parse("10.1.1.1:8233"));
    }

    private static ConnectionInfo info(PeerAddress remote, PeerAddress announced, boolean inbound) {
        VersionMessage version = versionOf(announced, 170_160, 1, PeerServices.NETWORK);
        return new ConnectionInfo(remote, PeerAddress.parse("10.0.0.1:8233"), inbound, version, 170_160, Duration.ZERO);
    }

    @Test
    void builderRequiresEveryPartWithoutADefault() {
        assertThatThrownBy(() -> PeerConnector.builder().transport(h.local).handshaker(h.handshaker())
                .scheduler(h.scheduler).random(h.random).build())
                .isInstanceOf(IllegalStateException.class).hasMessage("inboundService: not set (expected: a value; it has no default)");
        PeerConnector connector = PeerConnector.builder().transport(h.local).handshaker(h.handshaker())
                .inboundService(InboundService.nil()).scheduler(h.scheduler).random(h.random).build();
        assertThat(connector.config()).isEqualTo(ConnectionConfig.defaults());
    }

    // ------------------------------------------------------------------ isolated connections (reference 6.13)

    @Test
    void isolatedConnectionsAreAnonymousAskThePeerForAddressesAndAnswerNothing() throws Exception {
        h.scheduler.advance(Duration.ofSeconds(1000));
        for (Network network : Network.builtIns()) {
            PeerHarness.Remote remote = remote(network);
            CompletableFuture<ScriptedPeer> scripted = PeerHarness.acceptScripted(remote,
                    ScriptedPeer.version(network, 170_160, 1, PeerServices.NETWORK));
            CompletableFuture<PeerClient> client = IsolatedConnections.connect(h.net.transport(network, "10.3.3.3"),
                    network, remote.address(), "", Duration.ofSeconds(3), h.scheduler, new SplittableRandom(3));
            h.scheduler.runUntilIdle();
            ScriptedPeer peer = scripted.join();
            VersionMessage ours = peer.poll(VersionMessage.class).orElseThrow();
            PeerAddress zero = new PeerAddress(InetAddress.getByName("0.0.0.0"), network.defaultPort());
            assertThat(ours.services()).isEqualTo(PeerServices.NONE);
            assertThat(ours.receiver().address()).isEqualTo(zero);
            assertThat(ours.receiver().services()).isEqualTo(PeerServices.NETWORK);
            assertThat(ours.sender().address()).isEqualTo(zero);
            assertThat(ours.sender().services()).isEqualTo(PeerServices.NONE);
            assertThat(ours.relay()).isFalse();
            assertThat(ours.userAgent()).isEmpty();
            assertThat(ours.startHeight()).isZero();
            assertThat(ours.timestamp()).isEqualTo(VirtualScheduler.DEFAULT_START.plusSeconds(900));

            // Not seeded from the peer's version (which announced 127.0.0.1): Peers asks the peer.
            var peers = client.join().call(new Request.Peers());
            h.scheduler.runUntilIdle();
            assertThat(peer.poll(GetAddrMessage.class)).isPresent();
            peer.send(new AddrMessage(PeerRequestsTest.addresses(2, 90)));
            // The peer's own getaddr gets nothing back.
            peer.send(new GetAddrMessage());
            h.scheduler.runUntilIdle();
            assertThat(peers.join().addresses()).hasSize(2);
            assertThat(peer.poll(AddrMessage.class)).isEmpty();
            client.join().close();
            h.scheduler.runUntilIdle();
        }
        assertThat(h.observer.events).isEmpty();
    }

    @Test
    void isolatedHandshakeOnAnOpenConnection() {
        PeerHarness.Remote remote = h.remote();
        CompletableFuture<ScriptedPeer> scripted = PeerHarness.acceptScripted(remote,
                versionOf(remote.address(), 170_160, 1, PeerServices.NONE));
        CompletableFuture<Connection> dialled = h.local.connect(remote.address(), Duration.ofSeconds(3));
        h.scheduler.runUntilIdle();
        CompletableFuture<PeerClient> client = IsolatedConnections.handshake(dialled.join(), "/tool:1/",
                Duration.ofSeconds(3), h.scheduler, new SplittableRandom(4));
        h.scheduler.runUntilIdle();
        assertThat(client.join().info().negotiatedVersion()).isEqualTo(170_160);
        assertThat(scripted.join().poll(VersionMessage.class).orElseThrow().userAgent()).isEqualTo("/tool:1/");
    }

    private int isolatedHosts;

    private PeerHarness.Remote remote(Network network) {
        String ip = "10.4.4." + (++isolatedHosts);
        var transport = h.net.transport(network, ip);
        PeerAddress address = PeerAddress.parse(ip + ":" + network.defaultPort());
        CompletableFuture<Acceptor> listening = transport.listen(address);
        h.scheduler.runUntilIdle();
        return new PeerHarness.Remote(transport, listening.join(), address);
    }
}
