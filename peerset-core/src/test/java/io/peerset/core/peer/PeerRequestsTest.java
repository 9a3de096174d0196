package io.peerset.core.peer;

import static io.peerset.core.peer.Fixtures.BLOCK_1687113;
import static io.peerset.core.peer.Fixtures.BLOCK_2222000;
import static io.peerset.core.peer.Fixtures.BLOCK_396;
import static io.peerset.core.peer.Fixtures.BLOCK_419201;
import static io.peerset.core.peer.Fixtures.LEGACY_TXS;
import static io.peerset.core.peer.Fixtures.V5_TXS;
import static io.peerset.core.peer.Fixtures.id;
import static io.peerset.core.peer.ZcashHandshakerTest.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.PeerException;
import io.peerset.api.Request;
import io.peerset.api.Response;
import io.peerset.api.TransactionId;
import io.peerset.inmemory.VirtualScheduler;
import io.peerset.wire.AddrMessage;
import io.peerset.wire.AddrV2Entry;
import io.peerset.wire.AddrV2Message;
import io.peerset.wire.AddressEntry;
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
import io.peerset.wire.NotFoundMessage;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.PeerServices;
import io.peerset.wire.PingMessage;
import io.peerset.wire.PongMessage;
import io.peerset.wire.Transaction;
import io.peerset.wire.TxMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Reference section 6.7: every local request, its wire messages and how its answer is matched. */
class PeerRequestsTest {

    private final PeerHarness h = new PeerHarness();

    private <R extends Response> CompletableFuture<R> call(PeerHarness.Peer peer, Request<R> request) {
        var response = peer.client().call(request);
        h.scheduler.runUntilIdle();
        return response;
    }

    private void send(PeerHarness.Peer peer, Message... messages) {
        for (Message message : messages) {
            peer.remote().send(message);
        }
        h.scheduler.runUntilIdle();
    }

    static List<AddressEntry> addresses(int count, int firstOctet) {
        List<AddressEntry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            entries.add(new AddressEntry(VirtualScheduler.DEFAULT_START, PeerServices.NETWORK,
                    PeerAddress.parse(firstOctet + "." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255) + ":8233")));
        }
        return entries;
    }

    // ------------------------------------------------------------------ Peers

    @Test
    void peersSendsGetaddrWhenTheCacheIsEmptyAndTakes37AtRandom() {
        PeerHarness.Peer peer = h.connect();
        var response = call(peer, new Request.Peers());
        assertThat(peer.remote().poll(GetAddrMessage.class)).isPresent();
        assertThat(response).isNotDone();
        List<AddressEntry> sent = addresses(50, 20);
        send(peer, new AddrMessage(sent));
        List<AddressEntry> got = response.join().addresses();
        assertThat(got).hasSize(37).doesNotHaveDuplicates();
        assertThat(sent).containsAll(got);
        // The other 13 stay cached: the next request is answered without asking the peer.
        List<AddressEntry> rest = call(peer, new Request.Peers()).join().addresses();
        assertThat(rest).hasSize(13);
        assertThat(got).doesNotContainAnyElementsOf(rest);
        assertThat(peer.remote().poll(GetAddrMessage.class)).isEmpty();
        // Empty again: asks again.
        call(peer, new Request.Peers());
        assertThat(peer.remote().poll(GetAddrMessage.class)).isPresent();
    }

    @Test
    void peersIsAnsweredByAddrV2() {
        PeerHarness.Peer peer = h.connect();
        var response = call(peer, new Request.Peers());
        List<AddrV2Entry> entries = addresses(3, 30).stream()
                .map(e -> new AddrV2Entry(e.lastSeen(), e.services(), AddrV2Entry.IPV4,
                        io.peerset.wire.Bytes.copyOf(e.address().ip().getAddress()), e.address().port())).toList();
        send(peer, new AddrV2Message(entries));
        assertThat(response.join().addresses()).containsExactlyInAnyOrderElementsOf(addresses(3, 30));
    }

    @Test
    void unsolicitedAddrFillsTheCacheAndAnswersTheNextPeersRequest() {
        PeerHarness.Peer peer = h.connect();
        send(peer, new AddrMessage(addresses(5, 40)));
        var response = call(peer, new Request.Peers());
        assertThat(response.join().addresses()).containsExactlyInAnyOrderElementsOf(addresses(5, 40));
        assertThat(peer.remote().poll(GetAddrMessage.class)).isEmpty();
    }

    @Test
    void outboundCacheIsSeededWithTheAnnouncedAddressWhenItDiffers() {
        PeerHarness.Remote remote = h.remote();
        PeerAddress announced = PeerAddress.parse("198.51.100.7:8233");
        io.peerset.wire.VersionMessage v = PeerHarness.versionOf(announced, 170_160, 77, PeerServices.NETWORK);
        PeerHarness.Peer peer = h.connect(remote, v);
        List<AddressEntry> got = call(peer, new Request.Peers()).join().addresses();
        assertThat(got).extracting(AddressEntry::address).containsExactly(announced);
        assertThat(got.get(0).services()).isEqualTo(PeerServices.NETWORK);
        assertThat(got.get(0).lastSeen()).isEqualTo(VirtualScheduler.DEFAULT_START);
        assertThat(peer.remote().poll(GetAddrMessage.class)).isEmpty();
    }

    // ------------------------------------------------------------------ Ping

    @Test
    void pingIsAnsweredByThePongWithTheSameNonce() {
        h.net.latency(Duration.ofMillis(10));
        PeerHarness.Peer peer = h.connect();
        var response = peer.client().call(new Request.Ping(1234));
        h.scheduler.advance(Duration.ofMillis(10));
        assertThat(peer.remote().poll(PingMessage.class)).contains(new PingMessage(1234));
        peer.remote().send(new PongMessage(999)); // not ours: ignored
        h.scheduler.advance(Duration.ofMillis(10));
        assertThat(response).isNotDone();
        peer.remote().send(new PongMessage(1234));
        h.scheduler.advance(Duration.ofMillis(10));
        assertThat(response.join()).isEqualTo(new Response.Pong(Duration.ofMillis(30)));
        assertThat(peer.client().lastRtt()).contains(Duration.ofMillis(30));
        assertThat(peer.client().isReady()).isTrue();
    }

    // ------------------------------------------------------------------ BlocksByHash

    @Test
    void blocksByHashCollectsEveryRequestedBlock() {
        PeerHarness.Peer peer = h.connect();
        Set<Hash32> wanted = new LinkedHashSet<>(List.of(BLOCK_396.hash(), BLOCK_419201.hash()));
        var response = call(peer, new Request.BlocksByHash(wanted));
        assertThat(peer.remote().poll(GetDataMessage.class).orElseThrow().items()).containsExactly(
                new InventoryItem.Block(BLOCK_396.hash()), new InventoryItem.Block(BLOCK_419201.hash()));
        send(peer, new BlockMessage(BLOCK_419201));
        assertThat(response).isNotDone();
        send(peer, new BlockMessage(BLOCK_396));
        assertThat(response.join()).isEqualTo(new Response.Blocks(List.of(BLOCK_419201, BLOCK_396), List.of()));
    }

    @Test
    void blocksByHashWithPartialNotFoundReturnsWhatArrivedAndTheRestMissing() {
        PeerHarness.Peer peer = h.connect();
        Set<Hash32> wanted = new LinkedHashSet<>(List.of(BLOCK_396.hash(), BLOCK_419201.hash(), BLOCK_2222000.hash()));
        var response = call(peer, new Request.BlocksByHash(wanted));
        send(peer, new BlockMessage(BLOCK_419201),
                new NotFoundMessage(List.of(new InventoryItem.Block(BLOCK_396.hash()), new InventoryItem.Block(BLOCK_2222000.hash()))));
        assertThat(response.join()).isEqualTo(new Response.Blocks(List.of(BLOCK_419201),
                List.of(BLOCK_396.hash(), BLOCK_2222000.hash())));
    }

    @Test
    void blocksByHashWithNothingFoundFailsWithNotFoundResponse() {
        PeerHarness.Peer peer = h.connect();
        var response = call(peer, new Request.BlocksByHash(Set.of(BLOCK_396.hash())));
        send(peer, new NotFoundMessage(List.of(new InventoryItem.Block(BLOCK_396.hash()))));
        PeerException.NotFoundResponse error = assertFails(response, PeerException.NotFoundResponse.class);
        assertThat(error.items()).containsExactly(new InventoryItem.Block(BLOCK_396.hash()));
        assertThat(peer.client().isReady()).isTrue();
        assertThat(peer.client().error()).isEmpty();
    }

    @Test
    void unrequestedBlockIsIgnored() {
        PeerHarness.Peer peer = h.connect();
        var response = call(peer, new Request.BlocksByHash(Set.of(BLOCK_396.hash())));
        send(peer, new BlockMessage(BLOCK_2222000));
        assertThat(response).isNotDone();
        assertThat(h.inbound.requests()).isEmpty();
        send(peer, new BlockMessage(BLOCK_396));
        assertThat(response.join()).isEqualTo(new Response.Blocks(List.of(BLOCK_396), List.of()));
    }

    // ------------------------------------------------------------------ TransactionsById

    @Test
    void transactionsByIdUsesMsgTxForLegacyIdsAndMsgWtxForWitnessedIds() {
        PeerHarness.Peer peer = h.connect();
        Transaction legacy = LEGACY_TXS.get(0);
        Transaction v5 = V5_TXS.get(0);
        assertThat(id(legacy)).isInstanceOf(TransactionId.Legacy.class);
        assertThat(id(v5)).isInstanceOf(TransactionId.Witnessed.class);
        Set<TransactionId> ids = new LinkedHashSet<>(List.of(id(legacy), id(v5)));
        var response = call(peer, new Request.TransactionsById(ids));
        List<InventoryItem> items = peer.remote().poll(GetDataMessage.class).orElseThrow().items();
        assertThat(items.get(0)).isInstanceOf(InventoryItem.Tx.class);
        assertThat(items.get(1)).isInstanceOf(InventoryItem.Wtx.class);
        send(peer, new TxMessage(v5), new TxMessage(legacy));
        assertThat(response.join()).isEqualTo(new Response.Transactions(List.of(v5, legacy), List.of()));
        assertThat(h.inbound.requests()).isEmpty();
    }

    @Test
    void transactionsByIdWithPartialNotFound() {
        PeerHarness.Peer peer = h.connect();
        Transaction a = LEGACY_TXS.get(0);
        Transaction b = LEGACY_TXS.get(1);
        var response = call(peer, new Request.TransactionsById(new LinkedHashSet<>(List.of(id(a), id(b)))));
        send(peer, new TxMessage(a), new NotFoundMessage(List.of(id(b).toInventory())));
        assertThat(response.join()).isEqualTo(new Response.Transactions(List.of(a), List.of(id(b))));
        // Nothing at all: NotFoundResponse.
        var none = call(peer, new Request.TransactionsById(Set.of(id(b))));
        send(peer, new NotFoundMessage(List.of(id(b).toInventory())));
        assertThat(assertFails(none, PeerException.NotFoundResponse.class).items()).containsExactly(id(b).toInventory());
    }

    @Test
    void unrequestedTransactionEndsTheRequestWithWhatArrivedThenIsPushedInbound() {
        PeerHarness.Peer peer = h.connect();
        Transaction a = LEGACY_TXS.get(0);
        Transaction b = LEGACY_TXS.get(1);
        Transaction stranger = V5_TXS.get(0);
        var response = call(peer, new Request.TransactionsById(new LinkedHashSet<>(List.of(id(a), id(b)))));
        send(peer, new TxMessage(a), new TxMessage(stranger));
        assertThat(response.join()).isEqualTo(new Response.Transactions(List.of(a), List.of(id(b))));
        assertThat(h.inbound.requests()).containsExactly(new Request.PushTransaction(stranger));
    }

    @Test
    void unrequestedTransactionBeforeAnyEndsTheRequestWithNotFound() {
        PeerHarness.Peer peer = h.connect();
        Transaction a = LEGACY_TXS.get(0);
        Transaction stranger = LEGACY_TXS.get(1);
        var response = call(peer, new Request.TransactionsById(Set.of(id(a))));
        send(peer, new TxMessage(stranger));
        assertThat(assertFails(response, PeerException.NotFoundResponse.class).items()).containsExactly(id(a).toInventory());
        assertThat(h.inbound.requests()).containsExactly(new Request.PushTransaction(stranger));
        assertThat(peer.client().isReady()).isTrue();
    }

    @Test
    void v5TransactionRequestedByItsTxidAloneMatches() {
        PeerHarness.Peer peer = h.connect();
        Transaction v5 = V5_TXS.get(0);
        TransactionId legacyForm = new TransactionId.Legacy(id(v5).txid());
        var response = call(peer, new Request.TransactionsById(Set.of(legacyForm)));
        send(peer, new TxMessage(v5));
        assertThat(response.join()).isEqualTo(new Response.Transactions(List.of(v5), List.of()));
    }

    // ------------------------------------------------------------------ FindBlocks / FindHeaders / Mempool

    @Test
    void findBlocksSendsGetblocksWithTheNegotiatedVersionAndTakesAnAllBlocksInv() {
        PeerHarness.Remote remote = h.remote();
        PeerHarness.Peer peer = h.connect(remote, PeerHarness.versionOf(remote.address(), 170_155, 3, PeerServices.NETWORK));
        List<Hash32> locator = List.of(BLOCK_2222000.hash(), BLOCK_419201.hash());
        var response = call(peer, new Request.FindBlocks(locator, Hash32.ZERO));
        assertThat(peer.remote().poll(GetBlocksMessage.class))
                .contains(new GetBlocksMessage(170_155, locator, Hash32.ZERO));
        // A mixed inv is not the answer: it goes to the inbound service as advertised txs.
        TransactionId tx = id(LEGACY_TXS.get(0));
        send(peer, new InvMessage(List.of(new InventoryItem.Block(BLOCK_396.hash()), tx.toInventory())));
        assertThat(response).isNotDone();
        assertThat(h.inbound.requests()).containsExactly(new Request.AdvertiseTransactionIds(Set.of(tx)));
        send(peer, new InvMessage(List.of(new InventoryItem.Block(BLOCK_396.hash()), new InventoryItem.Block(BLOCK_419201.hash()))));
        assertThat(response.join()).isEqualTo(new Response.BlockHashes(List.of(BLOCK_396.hash(), BLOCK_419201.hash())));
    }

    @Test
    void findHeadersSendsGetheadersAndTakesHeaders() {
        PeerHarness.Peer peer = h.connect();
        List<Hash32> locator = List.of(BLOCK_396.hash());
        var response = call(peer, new Request.FindHeaders(locator, BLOCK_419201.hash()));
        assertThat(peer.remote().poll(GetHeadersMessage.class))
                .contains(new GetHeadersMessage(170_160, locator, BLOCK_419201.hash()));
        List<BlockHeader> headers = List.of(BLOCK_419201.header(), BLOCK_1687113.header());
        send(peer, new HeadersMessage(headers));
        assertThat(response.join()).isEqualTo(new Response.BlockHeaders(headers));
    }

    @Test
    void mempoolSendsMempoolAndTakesAnAllTransactionsInv() {
        PeerHarness.Peer peer = h.connect();
        var response = call(peer, new Request.MempoolTransactionIds());
        assertThat(peer.remote().poll(MempoolMessage.class)).isPresent();
        send(peer, new InvMessage(List.of(new InventoryItem.Block(BLOCK_396.hash())))); // an advertised block, not the answer
        assertThat(response).isNotDone();
        assertThat(h.inbound.requests()).containsExactly(new Request.AdvertiseBlock(BLOCK_396.hash()));
        List<TransactionId> ids = List.of(id(LEGACY_TXS.get(0)), id(V5_TXS.get(0)));
        send(peer, new InvMessage(ids.stream().map(TransactionId::toInventory).toList()));
        assertThat(response.join()).isEqualTo(new Response.TransactionIds(ids));
    }

    // ------------------------------------------------------------------ pushes and advertisements

    @Test
    void pushTransactionSendsTxAndAnswersNil() {
        PeerHarness.Peer peer = h.connect();
        Transaction tx = V5_TXS.get(0);
        assertThat(call(peer, new Request.PushTransaction(tx)).join()).isEqualTo(new Response.Nil());
        assertThat(peer.remote().poll(TxMessage.class)).contains(new TxMessage(tx));
        assertThat(peer.client().isReady()).isTrue();
    }

    @Test
    void advertiseTransactionIdsSendsAtMost25000() {
        PeerHarness.Peer peer = h.connect();
        Set<TransactionId> ids = IntStream.range(0, 25_001)
                .mapToObj(i -> (TransactionId) new TransactionId.Legacy(hash(i)))
                .collect(Collectors.toCollection(LinkedHashSet::new));
        assertThat(call(peer, new Request.AdvertiseTransactionIds(ids)).join()).isEqualTo(new Response.Nil());
        List<InventoryItem> items = peer.remote().poll(InvMessage.class).orElseThrow().items();
        assertThat(items).hasSize(25_000);
        assertThat(items.get(0)).isEqualTo(new InventoryItem.Tx(hash(0)));
        assertThat(items.get(24_999)).isEqualTo(new InventoryItem.Tx(hash(24_999)));
    }

    @Test
    void advertiseBlockAndAdvertiseBlockToAllSendAnInvOfOneBlock() {
        PeerHarness.Peer peer = h.connect();
        assertThat(call(peer, new Request.AdvertiseBlock(BLOCK_396.hash())).join()).isEqualTo(new Response.Nil());
        assertThat(call(peer, new Request.AdvertiseBlockToAll(BLOCK_419201.hash())).join()).isEqualTo(new Response.Nil());
        assertThat(peer.remote().poll(InvMessage.class)).contains(new InvMessage(List.of(new InventoryItem.Block(BLOCK_396.hash()))));
        assertThat(peer.remote().poll(InvMessage.class)).contains(new InvMessage(List.of(new InventoryItem.Block(BLOCK_419201.hash()))));
    }

    static Hash32 hash(int i) {
        byte[] bytes = new byte[32];
        bytes[0] = (byte) i;
        bytes[1] = (byte) (i >> 8);
        bytes[2] = (byte) (i >> 16);
        bytes[31] = 1;
        return Hash32.ofInternal(bytes);
    }
}
