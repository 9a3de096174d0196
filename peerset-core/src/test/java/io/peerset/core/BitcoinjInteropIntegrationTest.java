package io.peerset.core;

import static io.peerset.core.IntegrationNode.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peerset.api.ChainTip;
import io.peerset.api.ConnectionInfo;
import io.peerset.api.PeerClient;
import io.peerset.api.PeerException;
import io.peerset.api.Request;
import io.peerset.api.Response;
import io.peerset.core.peer.Fixtures;
import io.peerset.wire.AddressEntry;
import io.peerset.wire.Hash32;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.PeerServices;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.bitcoinj.base.Coin;
import org.bitcoinj.base.Sha256Hash;
import org.bitcoinj.core.AddressMessage;
import org.bitcoinj.core.BloomFilter;
import org.bitcoinj.core.Context;
import org.bitcoinj.core.FeeFilterMessage;
import org.bitcoinj.core.GetHeadersMessage;
import org.bitcoinj.core.NetworkParameters;
import org.bitcoinj.core.Peer;
import org.bitcoinj.core.SendHeadersMessage;
import org.bitcoinj.core.UnknownMessage;
import org.bitcoinj.crypto.ECKey;
import org.bitcoinj.net.NioClient;
import org.bitcoinj.params.RegTestParams;
import org.bitcoinj.utils.Threading;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Interoperability (issue section 5): bitcoinj 0.17.1, an independent implementation of the
 * Bitcoin-family wire protocol that Zcash shares, connects as a real client to a peerset listener
 * (Netty transport, {@link PeerConnector#accept}) over 127.0.0.1.
 *
 * <p>peerset is configured as a user would for a network of its own, with
 * {@link Network#custom}: bitcoinj's regtest magic {@code fa bf b5 da} (in bitcoinj 0.17 the magic
 * comes from the network registered for the params, so bitcoinj needs no serializer subclass),
 * protocol version 70016 (bitcoinj refuses peers below its {@code ProtocolVersion.MINIMUM}, 70000)
 * and a minimum peer version of 70001 (bitcoinj announces its {@code ProtocolVersion.CURRENT},
 * 70013). The negotiated version is therefore 70013.
 *
 * <p>What bitcoinj does that peerset must tolerate: it announces nonce 0 and no services, sends
 * {@code sendaddrv2} (BIP 155) between the versions and the veracks, and, asked to, sends
 * {@code sendheaders}, {@code feefilter} and {@code filterload}. The first three are unknown to
 * peerset and skipped; {@code filterload} is parsed and ignored (reference sections 6.8, 7.1, 7.3).
 * The wire in both directions is recorded through the SPI ({@link RecordingConnection}).
 */
class BitcoinjInteropIntegrationTest {

    /** What a user would configure to let bitcoinj's regtest client in. */
    private static final Network BITCOINJ_REGTEST = Network.custom("bitcoinj-regtest", 0xfabfb5da)
            .defaultPort(18444).protocolVersion(70016).minimumPeerVersion(70001).build();

    /** bitcoinj's {@code ProtocolVersion.CURRENT}, what it announces. */
    private static final int BITCOINJ_VERSION = 70013;

    /** Reference section 7.3: every command peerset may send. */
    private static final List<String> COMMANDS_PEERSET_SENDS = List.of("version", "verack", "ping", "pong", "addr",
            "getaddr", "getblocks", "getheaders", "headers", "inv", "getdata", "notfound", "block", "tx", "mempool");

    private static final Instant SEEN = Instant.parse("2026-11-20T12:00:00Z");

    private IntegrationNode node;
    private NioClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.closeConnection();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    void bitcoinjHandshakesPingsAndGetsAddressesFromAPeersetListener() throws Exception {
        node = new IntegrationNode(BITCOINJ_REGTEST, "/peerset-interop:1.0/", ChainTip.unknown());
        List<AddressEntry> addresses = List.of(
                new AddressEntry(SEEN, PeerServices.NETWORK, PeerAddress.parse("203.0.113.5:18444")),
                new AddressEntry(SEEN, PeerServices.NETWORK, PeerAddress.parse("203.0.113.6:18445")),
                new AddressEntry(SEEN, PeerServices.NETWORK, PeerAddress.parse("[2001:db8::6]:18444")));
        node.inbound.respondWith((request, peer) -> request instanceof Request.Peers
                ? new Response.Peers(addresses) : new Response.Nil());
        List<RecordingConnection> wire = new CopyOnWriteArrayList<>();
        node.acceptedConnections = connection -> {
            RecordingConnection recording = new RecordingConnection(connection);
            wire.add(recording);
            return recording;
        };
        PeerAddress listener = node.listen();

        // bitcoinj: a lone Peer (no block chain, no wallet) over its own NIO client.
        NetworkParameters params = RegTestParams.get();
        Context.propagate(new Context()); // bitcoinj's per-thread context: Peer refuses to start without one
        Peer peer = new Peer(params, new org.bitcoinj.core.VersionMessage(params, 0),
                org.bitcoinj.core.PeerAddress.simple(InetAddress.getLoopbackAddress(), listener.port()), null);
        List<Object> bitcoinjReceived = new CopyOnWriteArrayList<>();
        List<Integer> disconnects = new CopyOnWriteArrayList<>();
        peer.addPreMessageReceivedEventListener(Threading.SAME_THREAD, (p, m) -> {
            bitcoinjReceived.add(m);
            return m;
        });
        peer.addDisconnectedEventListener(Threading.SAME_THREAD, (p, count) -> disconnects.add(count));
        client = new NioClient(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.port()), peer, WAIT);

        // Handshake: each side holds the other's version.
        peer.getVersionHandshakeFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        PeerClient fromBitcoinj = node.nextAcceptedClient();
        ConnectionInfo info = fromBitcoinj.info();
        assertThat(info.inbound()).isTrue();
        assertThat(info.remoteVersion().userAgent()).isEqualTo("/bitcoinj:0.17.1/");
        assertThat(info.remoteVersion().version()).isEqualTo(BITCOINJ_VERSION);
        assertThat(info.negotiatedVersion()).isEqualTo(BITCOINJ_VERSION);
        org.bitcoinj.core.VersionMessage ours = peer.getPeerVersionMessage();
        assertThat(ours.clientVersion()).isEqualTo(70016);
        assertThat(ours.subVer).isEqualTo("/peerset-interop:1.0/");
        assertThat(ours.services().has(org.bitcoinj.core.Services.NODE_NETWORK)).isTrue();
        RecordingConnection recorded = wire.get(0);
        // sendaddrv2 came during the handshake, before bitcoinj's verack, and was skipped there.
        assertThat(recorded.transcript).containsSubsequence("< version", "< ?sendaddrv2", "< verack");

        // bitcoinj pings peerset.
        Duration rtt = peer.sendPing().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(rtt).isPositive().isLessThan(WAIT);

        // bitcoinj asks for addresses; the application's inbound service answers, in addr (v1).
        AddressMessage addr = peer.getAddr().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(addr.getAddresses()).extracting(org.bitcoinj.core.PeerAddress::getSocketAddress)
                .containsExactlyInAnyOrderElementsOf(addresses.stream().map(e -> e.address().toSocketAddress()).toList());
        assertThat(addr.getAddresses()).allSatisfy(a -> {
            assertThat(a.time()).isEqualTo(SEEN);
            assertThat(a.getServices().bits()).isEqualTo(PeerServices.NODE_NETWORK);
        });
        assertThat(node.inbound.requests()).containsExactly(new Request.Peers());
        assertThat(node.inbound.peers().get(0).remoteVersion().userAgent()).isEqualTo("/bitcoinj:0.17.1/");

        // More that bitcoinj can send: two commands peerset does not know, a bloom filter it
        // ignores, and a getheaders whose version and locator peerset must decode.
        Sha256Hash locatorHash = Sha256Hash.wrap(Fixtures.BLOCK_396.hash().toDisplayHex());
        peer.sendMessage(new SendHeadersMessage());
        peer.sendMessage(FeeFilterMessage.of(Coin.valueOf(1_000)));
        peer.sendMessage(new BloomFilter(10, 0.001, 7));
        peer.sendMessage(new GetHeadersMessage(BITCOINJ_VERSION, new org.bitcoinj.core.BlockLocator(List.of(locatorHash)),
                Sha256Hash.ZERO_HASH));
        await().atMost(WAIT).untilAsserted(() -> assertThat(node.inbound.requests()).hasSize(2));
        assertThat(node.inbound.requests().get(1)).isEqualTo(new Request.FindHeaders(
                List.of(Hash32.fromDisplayHex(locatorHash.toString())), Hash32.ZERO));
        assertThat(Hash32.fromDisplayHex(locatorHash.toString())).isEqualTo(Fixtures.BLOCK_396.hash());

        // peerset pings bitcoinj: the connection is alive both ways.
        Response.Pong pong = fromBitcoinj.call(new Request.Ping(77)).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(pong.rtt()).isPositive();

        assertThat(recorded.unknownReceived).containsExactly("sendaddrv2", "sendheaders", "feefilter");
        assertThat(recorded.received).containsSubsequence("version", "verack", "ping", "getaddr", "filterload",
                "getheaders", "pong");
        assertThat(fromBitcoinj.error()).isEmpty();
        assertThat(disconnects).as("bitcoinj disconnects").isEmpty();
        // peerset sent only commands of reference section 7.3, and bitcoinj understood every one.
        assertThat(recorded.sent).containsExactly("version", "verack", "pong", "addr", "ping");
        assertThat(recorded.sent).allSatisfy(command -> assertThat(COMMANDS_PEERSET_SENDS).contains(command));
        assertThat(bitcoinjReceived).noneMatch(m -> m instanceof UnknownMessage);
        assertThat(bitcoinjReceived).extracting(m -> m.getClass().getSimpleName())
                .containsExactly("VersionMessage", "VersionAck", "Pong", "AddressV1Message", "Ping");

        // bitcoinj hangs up: peerset sees the peer close.
        client.closeConnection();
        client = null;
        PeerException closed = fromBitcoinj.closeFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(closed).isInstanceOf(PeerException.ConnectionClosed.class);
    }

    /**
     * bitcoinj runs on bcprov-jdk18on (a test dependency: peerset itself needs no Bouncy Castle)
     * instead of its own bcprov-jdk15to18, which the POM excludes: its elliptic-curve code works.
     */
    @Test
    void bitcoinjCryptoRunsOnTheBouncyCastleModule() throws ClassNotFoundException {
        ECKey key = new ECKey();
        Sha256Hash hash = Sha256Hash.of("peerset".getBytes(StandardCharsets.US_ASCII));
        assertThat(key.verify(hash, key.sign(hash))).isTrue();
        assertThat(ECKey.class.getModule().isNamed()).isFalse(); // bitcoinj on the class path...
        // ...reading the Bouncy Castle module (by name: core does not read that module)
        assertThat(Class.forName("org.bouncycastle.math.ec.ECPoint").getModule().getName())
                .isEqualTo("org.bouncycastle.provider");
    }
}
