package io.peerset.core.peer;

import io.peerset.api.ConnectionInfo;
import io.peerset.api.PeerClient;
import io.peerset.api.PeerException;
import io.peerset.api.spi.Acceptor;
import io.peerset.api.spi.Connection;
import io.peerset.api.spi.HandshakeConfig;
import io.peerset.core.common.ConnectionConfig;
import io.peerset.core.common.PeerObserver;
import io.peerset.core.connect.PeerConnector;
import io.peerset.inmemory.InMemoryNetwork;
import io.peerset.inmemory.InMemoryTransport;
import io.peerset.inmemory.VirtualScheduler;
import io.peerset.testkit.ScriptedPeer;
import io.peerset.testkit.doubles.RecordingInboundService;
import io.peerset.wire.InventoryItem;
import io.peerset.wire.Network;
import io.peerset.wire.NetworkAddress;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.PeerServices;
import io.peerset.wire.VersionMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * A node on the in-memory network under virtual time, plus remote hosts driven by scripted peers.
 * Everything runs on the test thread inside {@code scheduler.runUntilIdle()} / {@code advance}.
 */
final class PeerHarness {

    static final Network NETWORK = Network.MAINNET;
    static final String LOCAL_IP = "10.0.0.1";

    final VirtualScheduler scheduler = new VirtualScheduler();
    final InMemoryNetwork net = new InMemoryNetwork(scheduler);
    final InMemoryTransport local = net.transport(NETWORK, LOCAL_IP);
    final RecordingInboundService inbound = new RecordingInboundService();
    final RecordingObserver observer = new RecordingObserver();
    RandomGenerator random = new SplittableRandom(7);
    ConnectionConfig config = ConnectionConfig.defaults();
    HandshakeConfig handshakeConfig = HandshakeConfig.builder(NETWORK).chainTip(
            io.peerset.api.ChainTip.fixed(2_500_000, io.peerset.wire.NetworkUpgrade.NU6_2, false)).build();
    private ZcashHandshaker handshaker;
    private PeerConnector connector;
    private int nextHost = 2;

    ZcashHandshaker handshaker() {
        if (handshaker == null) {
            // Nonces from a generator of their own, so tests may script the connector's generator.
            handshaker = new ZcashHandshaker(handshakeConfig, scheduler, new SplittableRandom(11));
        }
        return handshaker;
    }

    PeerConnector connector() {
        if (connector == null) {
            connector = PeerConnector.builder().transport(local).handshaker(handshaker()).inboundService(inbound)
                    .scheduler(scheduler).random(random).config(config).observer(observer).build();
        }
        return connector;
    }

    /** A remote host listening on its default port. */
    Remote remote() {
        String ip = "10.0." + (nextHost / 250) + "." + (nextHost % 250 + 2);
        nextHost++;
        return remote(ip);
    }

    /** A remote host at {@code ip}, listening on its default port. */
    Remote remote(String ip) {
        InMemoryTransport transport = net.transport(NETWORK, ip);
        PeerAddress address = PeerAddress.parse(ip + ":" + NETWORK.defaultPort());
        CompletableFuture<Acceptor> listening = transport.listen(address);
        scheduler.runUntilIdle();
        return new Remote(transport, listening.join(), address);
    }

    /** A version message from {@code remote} that announces its own listener (so no alternate address). */
    static VersionMessage versionOf(PeerAddress remote, long version, long nonce, PeerServices services) {
        VersionMessage v = ScriptedPeer.version(NETWORK, version, nonce, services);
        return new VersionMessage(v.version(), v.services(), v.timestamp(), v.receiver(),
                new NetworkAddress(services, remote), v.nonce(), v.userAgent(), v.startHeight(), v.relay());
    }

    /** Dials a fresh remote through the connector and completes the handshake with a serving, current peer. */
    Peer connect() {
        Remote remote = remote();
        return connect(remote, versionOf(remote.address, NETWORK.protocolVersion(), 0x5eed_0000L + nextHost, PeerServices.NETWORK));
    }

    Peer connect(Remote remote, VersionMessage remoteVersion) {
        CompletableFuture<ScriptedPeer> scripted = acceptScripted(remote, remoteVersion);
        CompletableFuture<PeerClient> client = connector().connect(remote.address);
        scheduler.runUntilIdle();
        while (!client.isDone() && scheduler.advanceToNextTask()) {
            // with latency: step through the deliveries until the handshake is done
        }
        if (client.isCompletedExceptionally()) {
            client.join();
        }
        if (!client.isDone()) {
            throw new AssertionError("handshake did not complete");
        }
        return new Peer((PeerConnection) client.join(), scripted.join());
    }

    /**
     * Accepts the next connection on {@code remote} with a scripted peer, attached as soon as the
     * connection exists (before anything we send is read), and starts its handshake if
     * {@code remoteVersion} is not null.
     */
    static CompletableFuture<ScriptedPeer> acceptScripted(Remote remote, VersionMessage remoteVersion) {
        return remote.acceptor.accept().thenApply(connection -> {
            ScriptedPeer peer = ScriptedPeer.attach(connection);
            if (remoteVersion != null) {
                peer.handshake(remoteVersion);
            }
            return peer;
        });
    }

    /** A connected peer: our client, and the scripted remote end. */
    record Peer(PeerConnection client, ScriptedPeer remote) {
    }

    /** @return our listener's address (one per harness: {@value #LOCAL_IP} on the network's port) */
    static PeerAddress ourListener() {
        return PeerAddress.parse(LOCAL_IP + ":" + NETWORK.defaultPort());
    }

    /**
     * Binds our listener and asks for the next inbound connection.
     *
     * @return completes with our end of the next connection to {@link #ourListener()}
     */
    CompletableFuture<Connection> listenAndAccept() {
        CompletableFuture<Acceptor> listening = local.listen(ourListener());
        scheduler.runUntilIdle();
        return listening.join().accept();
    }

    /**
     * A fresh remote dials our listener and starts the handshake as a current, serving peer; our
     * end is accepted but not handed to the connector.
     */
    DialIn dialIn() {
        return dialIn(remote -> versionOf(remote.address(), NETWORK.protocolVersion(), 0x5eed_1000L, PeerServices.NETWORK));
    }

    /**
     * A fresh remote dials our listener and starts the handshake with the version {@code version}
     * gives for it; our end is accepted but not handed to the connector.
     */
    DialIn dialIn(Function<Remote, VersionMessage> version) {
        CompletableFuture<Connection> accepted = listenAndAccept();
        Remote remote = remote();
        CompletableFuture<Connection> dialled = remote.transport().connect(ourListener(), Duration.ofSeconds(3));
        scheduler.runUntilIdle();
        ScriptedPeer dialer = ScriptedPeer.attach(dialled.join());
        dialer.handshake(version.apply(remote));
        return new DialIn(accepted.join(), dialer, dialled.join());
    }

    /** Our accepted end of a remote's dial, the remote, and the remote's end. */
    record DialIn(Connection accepted, ScriptedPeer dialer, Connection dialled) {
    }

    /**
     * {@link #dialIn()}, with the accepted connection wrapped in a {@link ControlledConnection}
     * before the connector handshakes it.
     */
    Accepted acceptControlled() {
        DialIn in = dialIn();
        ControlledConnection connection = new ControlledConnection(in.accepted());
        CompletableFuture<PeerClient> client = connector().accept(connection);
        scheduler.runUntilIdle();
        return new Accepted((PeerConnection) client.join(), in.dialer(), connection);
    }

    /** An accepted peer: our client, the remote dialer, and our end of the connection. */
    record Accepted(PeerConnection client, ScriptedPeer remote, ControlledConnection connection) {
    }

    /** A remote host. */
    record Remote(InMemoryTransport transport, Acceptor acceptor, PeerAddress address) {
    }

    /** Records observer events as strings, and the values. */
    static final class RecordingObserver implements PeerObserver {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        final List<Duration> rtts = Collections.synchronizedList(new ArrayList<>());
        final List<PeerException> failures = Collections.synchronizedList(new ArrayList<>());
        /** The inventory reports, in order (not in {@link #events}). */
        final List<Inventory> inventory = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void connected(ConnectionInfo peer) {
            events.add("connected");
        }

        @Override
        public void pingSent(ConnectionInfo peer) {
            events.add("pingSent");
        }

        @Override
        public void responded(ConnectionInfo peer, Duration rtt) {
            events.add("responded");
            rtts.add(rtt);
        }

        @Override
        public void failed(ConnectionInfo peer, PeerException error) {
            events.add("failed");
            failures.add(error);
        }

        @Override
        public void inventory(ConnectionInfo peer, List<InventoryItem> advertised, List<InventoryItem> missing) {
            inventory.add(new Inventory(advertised, missing));
        }

        @Override
        public void locatorVersionMismatch(ConnectionInfo peer, String command, long version) {
            events.add("locatorVersionMismatch " + command + " " + version);
        }
    }

    /** One {@link PeerObserver#inventory} report. */
    record Inventory(List<InventoryItem> advertised, List<InventoryItem> missing) {
    }

    /** A generator whose doubles are all {@code value} (drives the overload drop decision). */
    static RandomGenerator constantDouble(double value) {
        long bits = (long) (value * (1L << 53)) << 11;
        return () -> bits;
    }
}
