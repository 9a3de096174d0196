package io.peerset.core;

import static io.peerset.core.IntegrationNode.WAIT;
import static io.peerset.core.peer.Fixtures.BLOCK_1687113;
import static io.peerset.core.peer.Fixtures.BLOCK_2222000;
import static io.peerset.core.peer.Fixtures.BLOCK_396;
import static io.peerset.core.peer.Fixtures.BLOCK_419201;
import static io.peerset.core.peer.Fixtures.LEGACY_TXS;
import static io.peerset.core.peer.Fixtures.V5_TXS;
import static io.peerset.core.peer.Fixtures.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peerset.api.ChainTip;
import io.peerset.api.ConnectionInfo;
import io.peerset.api.HandshakeException;
import io.peerset.api.PeerClient;
import io.peerset.api.PeerException;
import io.peerset.api.Request;
import io.peerset.api.Response;
import io.peerset.api.TransactionId;
import io.peerset.api.spi.Acceptor;
import io.peerset.api.spi.Connection;
import io.peerset.api.spi.Transport;
import io.peerset.api.spi.TransportConfig;
import io.peerset.testkit.ScriptedPeer;
import io.peerset.wire.AddrMessage;
import io.peerset.wire.AddressEntry;
import io.peerset.wire.Block;
import io.peerset.wire.BlockHeader;
import io.peerset.wire.BlockMessage;
import io.peerset.wire.GetAddrMessage;
import io.peerset.wire.GetBlocksMessage;
import io.peerset.wire.GetDataMessage;
import io.peerset.wire.GetHeadersMessage;
import io.peerset.wire.Hash32;
import io.peerset.wire.HeadersMessage;
import io.peerset.wire.InvMessage;
import io.peerset.wire.InventoryItem;
import io.peerset.wire.MempoolMessage;
import io.peerset.wire.Message;
import io.peerset.wire.Network;
import io.peerset.wire.NetworkAddress;
import io.peerset.wire.NetworkUpgrade;
import io.peerset.wire.NotFoundMessage;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.PeerServices;
import io.peerset.wire.Transaction;
import io.peerset.wire.TxMessage;
import io.peerset.wire.VerackMessage;
import io.peerset.wire.VersionMessage;
import io.peerset.wire.WireFormatException;
import io.peerset.wire.WireLimits;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * peerset nodes on real TCP sockets over 127.0.0.1 (issue section 7, "loopback integration"):
 * two nodes handshaking and pinging each other; every request kind answered by a scripted peer at
 * the other end of a socket; remote requests reaching the application's inbound service;
 * self-connections, obsolete versions and silent peers refused; garbage and oversized frames
 * closing only the connection that sent them; a peer vanishing in the middle of a request.
 *
 * <p>Each node is assembled from the public API ({@link IntegrationNode}): the Netty transport and
 * the Zcash handshaker found with {@link Providers}, a {@link PeerConnector}, the
 * {@link SystemScheduler}. Scripted peers ({@link ScriptedPeer}) run on a second Netty transport;
 * raw bytes go through a plain {@link Socket} ({@link RawPeer}). Every wait is bounded.
 */
class LoopbackIntegrationTest {

    private static final Network NETWORK = Network.REGTEST;
    /** Unknown tip: the minimum peer version is the network's initial one, and we are syncing. */
    private static final ChainTip SYNCING = ChainTip.unknown();
    private static final Instant SEEN = Instant.parse("2026-11-20T12:00:00Z");

    private final List<AutoCloseable> resources = new ArrayList<>();
    private IntegrationNode node;
    /** The scripted peers' side: a transport of its own, as if on another host. */
    private Transport remotes;

    @BeforeEach
    void start() {
        node = node("/peerset-it:1.0/", SYNCING);
        remotes = Providers.transportProvider("netty").create(TransportConfig.builder(NETWORK).ioThreads(1).build());
        resources.add(remotes);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private IntegrationNode node(String userAgent, ChainTip tip) {
        IntegrationNode n = new IntegrationNode(NETWORK, userAgent, tip);
        resources.add(n);
        return n;
    }

    // ------------------------------------------------------------------ two nodes

    @Test
    void twoNodesHandshakeWithConsistentInfoOnBothSidesAndMeasurePingRtt() throws Exception {
        IntegrationNode a = node("/node-a:1.0/", ChainTip.fixed(1234, NetworkUpgrade.NU6, false));
        IntegrationNode b = node("/node-b:2.0/", SYNCING);
        PeerAddress aAddress = a.listen();

        PeerClient bToA = get(b.connect(aAddress));
        PeerClient aFromB = a.nextAcceptedClient();
        ConnectionInfo out = bToA.info();
        ConnectionInfo in = aFromB.info();

        assertThat(out.inbound()).isFalse();
        assertThat(in.inbound()).isTrue();
        assertThat(out.negotiatedVersion()).isEqualTo(in.negotiatedVersion()).isEqualTo(NETWORK.protocolVersion());
        // The two ends of one TCP stream.
        assertThat(out.remoteAddress()).isEqualTo(aAddress).isEqualTo(in.localAddress());
        assertThat(in.remoteAddress()).isEqualTo(out.localAddress());
        // Each side holds the other's version message.
        VersionMessage fromA = out.remoteVersion();
        VersionMessage fromB = in.remoteVersion();
        assertThat(fromA.userAgent()).isEqualTo("/node-a:1.0/");
        assertThat(fromB.userAgent()).isEqualTo("/node-b:2.0/");
        assertThat(fromA.version()).isEqualTo(fromB.version()).isEqualTo(NETWORK.protocolVersion());
        assertThat(fromA.startHeight()).isEqualTo(1234);
        assertThat(fromB.startHeight()).isZero();
        assertThat(fromA.services()).isEqualTo(PeerServices.NETWORK).isEqualTo(fromB.services());
        assertThat(fromA.relay()).isTrue();
        assertThat(fromB.relay()).isTrue();
        assertThat(fromA.nonce()).isNotEqualTo(fromB.nonce());
        // Each names the other's transport address as the receiver.
        assertThat(fromA.receiver().address()).isEqualTo(in.remoteAddress());
        assertThat(fromB.receiver().address()).isEqualTo(aAddress);
        // The version timestamp is rounded down to 5 minutes (reference section 6.2).
        assertThat(fromA.timestamp().getEpochSecond() % 300).isZero();
        assertThat(out.handshakeTime()).isPositive().isLessThan(Duration.ofSeconds(3));
        assertThat(in.handshakeTime()).isPositive().isLessThan(Duration.ofSeconds(3));

        // Pings both ways: the real round trip over loopback, measured by the connection.
        Response.Pong pong = get(bToA.call(new Request.Ping(42)));
        assertThat(pong.rtt()).isPositive().isLessThan(WAIT);
        Response.Pong back = get(aFromB.call(new Request.Ping(43)));
        assertThat(back.rtt()).isPositive().isLessThan(WAIT);
        // Pings are answered by the connection itself, never by the application.
        assertThat(a.inbound.requests()).isEmpty();
        assertThat(b.inbound.requests()).isEmpty();
        assertThat(bToA.isReady()).isTrue();
        assertThat(aFromB.isReady()).isTrue();
    }

    // ------------------------------------------------------------------ requests answered by a scripted peer

    @Test
    void peersAndPingAreAnsweredOverTheSocket() throws Exception {
        Link link = scriptedLink(NETWORK.protocolVersion());
        List<AddressEntry> addresses = addresses("203.0.113.1:8233", "203.0.113.2:18233", "[2001:db8::7]:8233");
        link.remote.respond(GetAddrMessage.class, getaddr -> List.of(new AddrMessage(addresses)));

        Response.Peers peers = get(link.client.call(new Request.Peers()));
        assertThat(peers.addresses()).containsExactlyInAnyOrderElementsOf(addresses);
        assertThat(link.remote.poll(GetAddrMessage.class)).isPresent();

        Response.Pong pong = get(link.client.call(new Request.Ping(7)));
        assertThat(pong.rtt()).isPositive();
    }

    @Test
    void blocksByHashCollectsBlocksAndReportsPartialNotFound() throws Exception {
        Link link = scriptedLink(NETWORK.protocolVersion());
        serveBlocks(link.remote, BLOCK_396, BLOCK_419201);

        Response all = get(link.client.call(new Request.BlocksByHash(set(BLOCK_396.hash(), BLOCK_419201.hash()))));
        assertThat(all).isEqualTo(new Response.Blocks(List.of(BLOCK_396, BLOCK_419201), List.of()));
        assertThat(link.remote.poll(GetDataMessage.class).orElseThrow().items()).containsExactly(
                new InventoryItem.Block(BLOCK_396.hash()), new InventoryItem.Block(BLOCK_419201.hash()));

        // One block the peer lacks: the others arrive, then a notfound names it.
        Response partial = get(link.client.call(new Request.BlocksByHash(
                set(BLOCK_419201.hash(), BLOCK_2222000.hash(), BLOCK_396.hash()))));
        assertThat(partial).isEqualTo(new Response.Blocks(List.of(BLOCK_419201, BLOCK_396), List.of(BLOCK_2222000.hash())));

        // Nothing at all: the request fails, the connection stays.
        var none = link.client.call(new Request.BlocksByHash(set(BLOCK_1687113.hash())));
        PeerException.NotFoundResponse notFound = failure(none, PeerException.NotFoundResponse.class);
        assertThat(notFound.items()).containsExactly(new InventoryItem.Block(BLOCK_1687113.hash()));
        assertThat(link.client.error()).isEmpty();
    }

    @Test
    void transactionsByIdUseTxAndWtxInventoryAndReportPartialNotFound() throws Exception {
        Link link = scriptedLink(NETWORK.protocolVersion());
        Transaction legacy = LEGACY_TXS.get(0);
        Transaction v5 = V5_TXS.get(0);
        Transaction absent = LEGACY_TXS.get(1);
        serveTransactions(link.remote, legacy, v5);

        Response both = get(link.client.call(new Request.TransactionsById(set(id(legacy), id(v5)))));
        assertThat(both).isEqualTo(new Response.Transactions(List.of(legacy, v5), List.of()));
        List<InventoryItem> asked = link.remote.poll(GetDataMessage.class).orElseThrow().items();
        assertThat(asked).containsExactly(id(legacy).toInventory(), id(v5).toInventory());
        assertThat(asked.get(0)).isInstanceOf(InventoryItem.Tx.class);
        assertThat(asked.get(1)).isInstanceOf(InventoryItem.Wtx.class);

        Response partial = get(link.client.call(new Request.TransactionsById(set(id(v5), id(absent)))));
        assertThat(partial).isEqualTo(new Response.Transactions(List.of(v5), List.of(id(absent))));
    }

    @Test
    void findBlocksFindHeadersAndMempoolAreAnswered() throws Exception {
        Link link = scriptedLink(170_155); // older than us: getblocks/getheaders carry min(ours, theirs)
        List<Hash32> locator = List.of(BLOCK_2222000.hash(), BLOCK_419201.hash());
        List<Hash32> hashes = List.of(BLOCK_1687113.hash(), BLOCK_2222000.hash());
        List<BlockHeader> headers = List.of(BLOCK_419201.header(), BLOCK_1687113.header());
        List<TransactionId> mempool = List.of(id(LEGACY_TXS.get(0)), id(V5_TXS.get(0)));
        link.remote.respond(GetBlocksMessage.class, m -> List.of(new InvMessage(hashes.stream()
                .<InventoryItem>map(InventoryItem.Block::new).toList())));
        link.remote.respond(GetHeadersMessage.class, m -> List.of(new HeadersMessage(headers)));
        link.remote.respond(MempoolMessage.class, m -> List.of(new InvMessage(mempool.stream()
                .map(TransactionId::toInventory).toList())));

        assertThat(get(link.client.call(new Request.FindBlocks(locator, Hash32.ZERO))))
                .isEqualTo(new Response.BlockHashes(hashes));
        assertThat(link.remote.poll(GetBlocksMessage.class)).contains(new GetBlocksMessage(170_155, locator, Hash32.ZERO));

        assertThat(get(link.client.call(new Request.FindHeaders(locator, BLOCK_1687113.hash()))))
                .isEqualTo(new Response.BlockHeaders(headers));
        assertThat(link.remote.poll(GetHeadersMessage.class))
                .contains(new GetHeadersMessage(170_155, locator, BLOCK_1687113.hash()));

        assertThat(get(link.client.call(new Request.MempoolTransactionIds())))
                .isEqualTo(new Response.TransactionIds(mempool));
        assertThat(link.remote.poll(MempoolMessage.class)).isPresent();
    }

    @Test
    void pushesAndAdvertisementsReachThePeer() throws Exception {
        Link link = scriptedLink(NETWORK.protocolVersion());
        Transaction tx = V5_TXS.get(0);
        Set<TransactionId> ids = set(id(LEGACY_TXS.get(0)), id(V5_TXS.get(0)));

        assertThat(get(link.client.call(new Request.PushTransaction(tx)))).isEqualTo(new Response.Nil());
        assertThat(received(link.remote, TxMessage.class)).isEqualTo(new TxMessage(tx));

        assertThat(get(link.client.call(new Request.AdvertiseTransactionIds(ids)))).isEqualTo(new Response.Nil());
        assertThat(received(link.remote, InvMessage.class).items())
                .containsExactly(id(LEGACY_TXS.get(0)).toInventory(), id(V5_TXS.get(0)).toInventory());

        assertThat(get(link.client.call(new Request.AdvertiseBlock(BLOCK_396.hash())))).isEqualTo(new Response.Nil());
        assertThat(received(link.remote, InvMessage.class).items()).containsExactly(new InventoryItem.Block(BLOCK_396.hash()));
    }

    // ------------------------------------------------------------------ remote requests

    @Test
    void requestsFromARemotePeerReachTheInboundServiceAndTheAnswersGoBack() throws Exception {
        PeerAddress address = node.listen();
        List<AddressEntry> addresses = addresses("198.51.100.1:8233", "198.51.100.2:8233");
        List<BlockHeader> headers = List.of(BLOCK_396.header(), BLOCK_419201.header());
        node.inbound.respondWith((request, peer) -> {
            if (request instanceof Request.Peers) {
                return new Response.Peers(addresses);
            }
            if (request instanceof Request.FindHeaders) {
                return new Response.BlockHeaders(headers);
            }
            if (request instanceof Request.BlocksByHash) {
                return new Response.Blocks(List.of(BLOCK_396), List.of(BLOCK_2222000.hash()));
            }
            return new Response.Nil();
        });

        Connection connection = get(remotes.connect(address, WAIT));
        ScriptedPeer remote = ScriptedPeer.attach(connection);
        VersionMessage nodeVersion = get(remote.handshake(scriptedVersion(NETWORK.protocolVersion(), connection.localAddress())));
        assertThat(nodeVersion.userAgent()).isEqualTo("/peerset-it:1.0/");
        PeerClient nodeSide = node.nextAcceptedClient();
        assertThat(nodeSide.info().inbound()).isTrue();

        remote.send(new GetAddrMessage());
        assertThat(received(remote, AddrMessage.class).entries()).containsExactlyInAnyOrderElementsOf(addresses);

        List<Hash32> locator = List.of(BLOCK_2222000.hash());
        remote.send(new GetHeadersMessage(NETWORK.protocolVersion(), locator, Hash32.ZERO));
        assertThat(received(remote, HeadersMessage.class).headers()).containsExactlyElementsOf(headers);

        remote.send(new GetDataMessage(List.of(new InventoryItem.Block(BLOCK_396.hash()), new InventoryItem.Block(BLOCK_2222000.hash()))));
        assertThat(received(remote, BlockMessage.class)).isEqualTo(new BlockMessage(BLOCK_396));
        assertThat(received(remote, NotFoundMessage.class).items()).containsExactly(new InventoryItem.Block(BLOCK_2222000.hash()));

        assertThat(node.inbound.requests()).containsExactly(new Request.Peers(), new Request.FindHeaders(locator, Hash32.ZERO),
                new Request.BlocksByHash(set(BLOCK_396.hash(), BLOCK_2222000.hash())));
        assertThat(node.inbound.peers()).allSatisfy(peer -> {
            assertThat(peer.inbound()).isTrue();
            assertThat(peer.remoteAddress()).isEqualTo(connection.localAddress());
            assertThat(peer.remoteVersion().userAgent()).isEqualTo("/scripted:1.0/");
        });
        assertThat(nodeSide.error()).isEmpty();
    }

    // ------------------------------------------------------------------ handshake refusals

    @Test
    void aNodeDiallingItsOwnListenerDetectsTheSelfConnection() throws Exception {
        PeerAddress address = node.listen();

        CompletableFuture<PeerClient> self = node.connect(address);

        HandshakeException.RemoteNonceReuse outbound = failure(self, HandshakeException.RemoteNonceReuse.class);
        assertThat(outbound.detail()).startsWith("rejecting self-connection attempt");
        assertThat(outbound.getMessage()).startsWith("outbound peer v4redacted:");
        // The accepting side, sharing the nonce set, refuses it too.
        failure(node.nextAccepted(), HandshakeException.RemoteNonceReuse.class);
    }

    @Test
    void aPeerBelowTheMinimumVersionIsRefused() throws Exception {
        Acceptor acceptor = scriptedListener();
        CompletableFuture<ScriptedPeer> remote = acceptScripted(acceptor, 170_100);

        HandshakeException.ObsoleteVersion obsolete =
                failure(node.connect(acceptor.localAddress()), HandshakeException.ObsoleteVersion.class);

        assertThat(obsolete.version()).isEqualTo(170_100);
        assertThat(obsolete.minimum()).isEqualTo(NETWORK.initialMinimumPeerVersion());
        // The peer saw our version, never a verack, then the close.
        ScriptedPeer peer = get(remote);
        get(peer.closed());
        assertThat(peer.received()).hasSize(1).first().isInstanceOf(VersionMessage.class);
    }

    @Test
    void aSilentPeerIsCutAtThreeSeconds() throws Exception {
        ExecutorService acceptThread = Executors.newSingleThreadExecutor();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            // Accepts the TCP connection, then never writes a byte.
            Future<Socket> accepted = acceptThread.submit(silent::accept);
            AtomicLong doneNanos = new AtomicLong();
            long startNanos = System.nanoTime();

            CompletableFuture<PeerClient> client = node.connect(PeerAddress.parse("127.0.0.1:" + silent.getLocalPort()));
            // Wait for the stage that has recorded the time: client.get() can return before it has run.
            CompletableFuture<PeerClient> timed = client.whenComplete((c, e) -> doneNanos.set(System.nanoTime()));

            HandshakeException.Timeout timeout = failure(timed, HandshakeException.Timeout.class);
            Duration elapsed = Duration.ofNanos(doneNanos.get() - startNanos);
            assertThat(timeout.getMessage()).contains("no version within");
            // never before the 3 s handshake timeout; the upper bound only catches a missing timer (a
            // loaded machine may run the timer late, so it is not a tight bound)
            assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofSeconds(3)).isLessThan(WAIT);
            // And the node hung up on it.
            try (Socket socket = accepted.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                assertThat(readsToEnd(socket)).as("the node closed the silent peer's socket").isTrue();
            }
        } finally {
            acceptThread.shutdownNow();
        }
    }

    // ------------------------------------------------------------------ hostile bytes

    /**
     * Raw bytes on plain sockets, before and after a handshake: each bad connection is closed with
     * its reason (asserted on the exception the handshake or the client ends with, and on the line
     * logged for it), while an established connection between two nodes carries on.
     */
    @Test
    void garbageAndOversizedFramesCloseOnlyTheConnectionThatSentThem() throws Exception {
        IntegrationNode a = node("/node-a:1.0/", SYNCING);
        IntegrationNode b = node("/node-b:1.0/", SYNCING);
        PeerAddress aAddress = a.listen();
        PeerClient bToA = get(b.connect(aAddress));
        PeerClient aFromB = a.nextAcceptedClient();

        try (LogCapture log = LogCapture.of("io.peerset.core.peer")) {
            // 1. Not even a frame: an HTTP request. Bad magic, the handshake fails.
            try (RawPeer raw = new RawPeer(NETWORK, aAddress, WAIT)) {
                raw.write("GET / HTTP/1.1\r\nHost: peerset.example\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                HandshakeException.Serialization e = failure(a.nextAccepted(), HandshakeException.Serialization.class);
                assertThat(e.wireError().field()).isEqualTo("magic");
                assertThat(raw.awaitClosedByPeer()).isTrue();
                assertLogged(log, "handshake with", e.wireError().getMessage());
            }
            assertStillConnected(bToA, aFromB);

            // 2. A version frame longer than the 1,024 bytes allowed before the handshake.
            try (RawPeer raw = new RawPeer(NETWORK, aAddress, WAIT)) {
                raw.write(header(NETWORK, "version", WireLimits.MAX_HANDSHAKE_PAYLOAD_LENGTH + 1));
                HandshakeException.Serialization e = failure(a.nextAccepted(), HandshakeException.Serialization.class);
                assertThat(e.wireError().field()).isEqualTo("payload length");
                assertThat(raw.awaitClosedByPeer()).isTrue();
                assertLogged(log, "handshake with", e.wireError().getMessage());
            }
            assertStillConnected(bToA, aFromB);

            // 3. A proper handshake, then garbage.
            try (RawPeer raw = handshakenRawPeer(aAddress)) {
                PeerClient aFromRaw = a.nextAcceptedClient();
                byte[] garbage = new byte[64];
                new SplittableRandom(3).nextBytes(garbage);
                garbage[0] = 0x00; // surely not the first magic byte (fa)
                raw.write(garbage);
                PeerException.Serialization e = closedWith(aFromRaw, PeerException.Serialization.class);
                assertThat(((WireFormatException) e.getCause()).field()).isEqualTo("magic");
                assertThat(raw.awaitClosedByPeer()).isTrue();
                assertLogged(log, "connection to", e.getCause().getMessage());
            }
            assertStillConnected(bToA, aFromB);

            // 4. A proper handshake, then a block frame over the 2 MiB limit (refused on its header alone).
            try (RawPeer raw = handshakenRawPeer(aAddress)) {
                PeerClient aFromRaw = a.nextAcceptedClient();
                raw.write(header(NETWORK, "block", WireLimits.MAX_PAYLOAD_LENGTH + 1));
                PeerException.Serialization e = closedWith(aFromRaw, PeerException.Serialization.class);
                assertThat(((WireFormatException) e.getCause()).field()).isEqualTo("payload length");
                assertThat(raw.awaitClosedByPeer()).isTrue();
                assertLogged(log, "connection to", e.getCause().getMessage());
            }
            assertStillConnected(bToA, aFromB);
        }
    }

    @Test
    void aPeerVanishingMidRequestFailsExactlyThatRequest() throws Exception {
        Link link = scriptedLink(NETWORK.protocolVersion());
        link.remote.respond(GetDataMessage.class, getdata -> {
            link.remote.connection().close("vanishing after getdata");
            return List.of();
        });

        var request = link.client.call(new Request.BlocksByHash(set(BLOCK_396.hash())));

        PeerException.ConnectionClosed closed = failure(request, PeerException.ConnectionClosed.class);
        assertThat(link.remote.poll(GetDataMessage.class)).isPresent();
        assertThat(get(link.client.closeFuture())).isSameAs(closed);
        assertThat(link.client.error()).containsSame(closed);
        assertThat(link.client.isReady()).isFalse();
        // Later calls fail at once with the same error.
        assertThat(failure(link.client.call(new Request.Ping(1)), PeerException.ConnectionClosed.class)).isSameAs(closed);
    }

    // ------------------------------------------------------------------ helpers

    /** Our client to a scripted peer over a real socket, handshaken. */
    private record Link(PeerClient client, ScriptedPeer remote) {
    }

    private Link scriptedLink(long remoteVersion) throws Exception {
        Acceptor acceptor = scriptedListener();
        CompletableFuture<ScriptedPeer> remote = acceptScripted(acceptor, remoteVersion);
        PeerClient client = get(node.connect(acceptor.localAddress()));
        ScriptedPeer peer = get(remote);
        acceptor.close(); // established connections stay open
        assertThat(client.info().negotiatedVersion()).isEqualTo(Math.min(remoteVersion, NETWORK.protocolVersion()));
        return new Link(client, peer.answerPings());
    }

    private Acceptor scriptedListener() throws Exception {
        Acceptor acceptor = get(remotes.listen(PeerAddress.parse("127.0.0.1:0")));
        resources.add(acceptor);
        return acceptor;
    }

    /** Accepts one connection with a scripted peer that announces its listener and {@code version}. */
    private static CompletableFuture<ScriptedPeer> acceptScripted(Acceptor acceptor, long version) {
        return acceptor.accept().thenApply(connection -> {
            ScriptedPeer peer = ScriptedPeer.attach(connection);
            peer.handshake(scriptedVersion(version, acceptor.localAddress()));
            return peer;
        });
    }

    /**
     * A serving peer's version that announces {@code self} as its address: dialled at that address,
     * it offers no alternate address, so {@code Peers} really asks it ({@code getaddr}).
     */
    private static VersionMessage scriptedVersion(long version, PeerAddress self) {
        VersionMessage v = ScriptedPeer.version(NETWORK, version, new SplittableRandom().nextLong(), PeerServices.NETWORK);
        return new VersionMessage(v.version(), v.services(), v.timestamp(), v.receiver(),
                new NetworkAddress(PeerServices.NETWORK, self), v.nonce(), v.userAgent(), v.startHeight(), v.relay());
    }

    /** A raw socket that went through the handshake with the node at {@code address} by hand. */
    private static RawPeer handshakenRawPeer(PeerAddress address) throws IOException {
        RawPeer raw = new RawPeer(NETWORK, address, WAIT);
        VersionMessage ours = ScriptedPeer.version(NETWORK, NETWORK.protocolVersion(), new SplittableRandom().nextLong(),
                PeerServices.NETWORK);
        raw.send(ours);
        VersionMessage theirs = raw.read(VersionMessage.class);
        raw.read(VerackMessage.class);
        raw.send(new VerackMessage());
        raw.completeHandshake(Math.min(ours.version(), theirs.version()));
        return raw;
    }

    /** A frame header with a valid magic and {@code command} announcing {@code length} payload bytes (none follow). */
    private static byte[] header(Network network, String command, int length) {
        ByteBuffer header = ByteBuffer.allocate(WireLimits.HEADER_LENGTH);
        header.order(ByteOrder.BIG_ENDIAN).putInt(network.magic());
        byte[] name = command.getBytes(StandardCharsets.US_ASCII);
        header.put(name).put(new byte[WireLimits.COMMAND_LENGTH - name.length]);
        header.order(ByteOrder.LITTLE_ENDIAN).putInt(length);
        header.putInt(0); // checksum: never reached
        return header.array();
    }

    private static void assertStillConnected(PeerClient bToA, PeerClient aFromB) throws Exception {
        assertThat(bToA.error()).isEmpty();
        assertThat(aFromB.error()).isEmpty();
        assertThat(get(bToA.call(new Request.Ping(11))).rtt()).isPositive();
        assertThat(get(aFromB.call(new Request.Ping(12))).rtt()).isPositive();
    }

    private static void assertLogged(LogCapture log, String prefix, String reason) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(log.messages())
                .anySatisfy(line -> assertThat(line).startsWith(prefix).contains(reason)));
    }

    private static void serveBlocks(ScriptedPeer peer, Block... blocks) {
        Map<Hash32, Block> have = new java.util.HashMap<>();
        for (Block block : blocks) {
            have.put(block.hash(), block);
        }
        peer.respond(GetDataMessage.class, answerGetData(item -> item instanceof InventoryItem.Block b && have.containsKey(b.hash())
                ? Optional.of(new BlockMessage(have.get(b.hash()))) : Optional.empty()));
    }

    private static void serveTransactions(ScriptedPeer peer, Transaction... txs) {
        Map<InventoryItem, Transaction> have = new java.util.HashMap<>();
        for (Transaction tx : txs) {
            have.put(id(tx).toInventory(), tx);
        }
        peer.respond(GetDataMessage.class, answerGetData(item -> Optional.ofNullable(have.get(item)).map(TxMessage::new)));
    }

    /** Answers a getdata the way nodes do: each item found, then one notfound for the rest. */
    private static Function<GetDataMessage, List<Message>> answerGetData(Function<InventoryItem, Optional<? extends Message>> lookup) {
        return getdata -> {
            List<Message> answers = new ArrayList<>();
            List<InventoryItem> missing = new ArrayList<>();
            for (InventoryItem item : getdata.items()) {
                Optional<? extends Message> found = lookup.apply(item);
                if (found.isPresent()) {
                    answers.add(found.get());
                } else {
                    missing.add(item);
                }
            }
            if (!missing.isEmpty()) {
                answers.add(new NotFoundMessage(missing));
            }
            return answers;
        };
    }

    private static List<AddressEntry> addresses(String... addresses) {
        return java.util.Arrays.stream(addresses)
                .map(a -> new AddressEntry(SEEN, PeerServices.NETWORK, PeerAddress.parse(a))).toList();
    }

    @SafeVarargs
    private static <T> Set<T> set(T... items) {
        Set<T> set = new LinkedHashSet<>();
        for (T item : items) {
            set.add(item);
        }
        return set;
    }

    /** Waits (bounded) for the next message of {@code type} the scripted peer received. */
    private static <T extends Message> T received(ScriptedPeer peer, Class<T> type) {
        return await().atMost(WAIT).until(() -> peer.poll(type), Optional::isPresent).orElseThrow();
    }

    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits (bounded) for {@code future} to fail and returns its cause, which must be a {@code type}. */
    private static <E extends Throwable> E failure(CompletableFuture<?> future, Class<E> type) throws Exception {
        try {
            Object value = future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("expected a " + type.getSimpleName() + ", got " + value);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(type);
            return type.cast(e.getCause());
        }
    }

    private static <E extends PeerException> E closedWith(PeerClient client, Class<E> type) throws Exception {
        PeerException error = get(client.closeFuture());
        assertThat(error).isInstanceOf(type);
        return type.cast(error);
    }

    /** @return whether the peer closed {@code socket} (end of stream or reset) before the read timeout */
    private static boolean readsToEnd(Socket socket) throws IOException {
        socket.setSoTimeout((int) WAIT.toMillis());
        InputStream in = socket.getInputStream();
        byte[] sink = new byte[4096];
        try {
            while (in.read(sink) >= 0) {
                // our version message, then nothing
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        }
    }
}
