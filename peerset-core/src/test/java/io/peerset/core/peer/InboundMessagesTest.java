package io.peerset.core.peer;

import static io.peerset.core.peer.Fixtures.BLOCK_1687113;
import static io.peerset.core.peer.Fixtures.BLOCK_396;
import static io.peerset.core.peer.Fixtures.BLOCK_419201;
import static io.peerset.core.peer.Fixtures.LEGACY_TXS;
import static io.peerset.core.peer.Fixtures.V5_TXS;
import static io.peerset.core.peer.Fixtures.id;
import static io.peerset.core.peer.PeerRequestsTest.addresses;
import static io.peerset.core.peer.PeerRequestsTest.hash;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.PeerException;
import io.peerset.api.Request;
import io.peerset.api.Response;
import io.peerset.api.TransactionId;
import io.peerset.testkit.ScriptedPeer;
import io.peerset.wire.AddrMessage;
import io.peerset.wire.BlockMessage;
import io.peerset.wire.Bytes;
import io.peerset.wire.FilterAddMessage;
import io.peerset.wire.FilterClearMessage;
import io.peerset.wire.FilterLoadMessage;
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
import io.peerset.wire.PeerServices;
import io.peerset.wire.PingMessage;
import io.peerset.wire.PongMessage;
import io.peerset.wire.RejectCode;
import io.peerset.wire.RejectMessage;
import io.peerset.wire.TxMessage;
import io.peerset.wire.VerackMessage;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Reference section 6.8: messages that are not answers become inbound requests, and answers go back as messages. */
class InboundMessagesTest {

    private final PeerHarness h = new PeerHarness();
    private final PeerHarness.Peer peer = h.connect();

    private void send(Message... messages) {
        for (Message message : messages) {
            peer.remote().send(message);
        }
        h.scheduler.runUntilIdle();
    }

    /** What the remote received after the handshake. */
    private List<Message> sentToPeer() {
        List<Message> all = peer.remote().received();
        return all.subList(2, all.size()); // version, verack
    }

    private void assertConnectionKept() {
        assertThat(peer.client().error()).isEmpty();
        assertThat(peer.client().connection().isOpen()).isTrue();
    }

    @Test
    void pingIsAnsweredWithPongDirectly() {
        send(new PingMessage(77));
        assertThat(sentToPeer()).containsExactly(new PongMessage(77));
        assertThat(h.inbound.requests()).isEmpty();
    }

    @Test
    void duplicateVersionFailsTheConnection() {
        send(ScriptedPeer.version(PeerHarness.NETWORK, 170_160, 1, PeerServices.NETWORK));
        assertThat(peer.client().error()).containsInstanceOf(PeerException.DuplicateHandshake.class);
        assertThat(peer.remote().closeReason()).isPresent();
    }

    @Test
    void duplicateVerackFailsTheConnection() {
        send(new VerackMessage());
        assertThat(peer.client().error()).containsInstanceOf(PeerException.DuplicateHandshake.class);
        assertThat(peer.client().closeFuture()).isCompleted();
    }

    @Test
    void unsolicitedResponsesAndRejectsAreIgnored() {
        send(new RejectMessage("tx", RejectCode.INVALID, "bad", Bytes.EMPTY),
                new NotFoundMessage(List.of(new InventoryItem.Block(hash(1)))),
                new PongMessage(5),
                new BlockMessage(BLOCK_396),
                new HeadersMessage(List.of(BLOCK_419201.header())));
        assertThat(h.inbound.requests()).isEmpty();
        assertThat(sentToPeer()).isEmpty();
        assertConnectionKept();
    }

    @Test
    void bloomFilterMessagesAreIgnored() {
        send(new FilterLoadMessage(Bytes.copyOf(new byte[10]), 1, 2, 0),
                new FilterAddMessage(Bytes.copyOf(new byte[3])),
                new FilterClearMessage());
        assertThat(h.inbound.requests()).isEmpty();
        assertThat(sentToPeer()).isEmpty();
        assertConnectionKept();
    }

    @Test
    void addrGoesToTheConnectionCacheNotTheInboundService() {
        send(new AddrMessage(addresses(3, 50)));
        assertThat(h.inbound.requests()).isEmpty();
        var peers = peer.client().call(new Request.Peers());
        h.scheduler.runUntilIdle();
        assertThat(peers.join().addresses()).hasSize(3);
    }

    @Test
    void thePeerIsInTheMdcRedactedWhileItsEventsAreHandled() {
        java.util.List<String> seen = new java.util.ArrayList<>();
        h.inbound.answerWith(r -> {
            seen.add(org.slf4j.MDC.get(io.peerset.core.common.CoreConstants.MDC_PEER_KEY));
            return CompletableFuture.completedFuture(new Response.Nil());
        });
        send(new GetAddrMessage());
        assertThat(seen).containsExactly(peer.client().info().remoteAddress().redacted()).containsExactly("v4redacted:8233");
        assertThat(org.slf4j.MDC.get(io.peerset.core.common.CoreConstants.MDC_PEER_KEY)).isNull();
    }

    @Test
    void anInboundAnswerOfTheWrongTypeIsNotSentAndTheConnectionReadsOn() {
        h.inbound.answerWith(r -> CompletableFuture.completedFuture(new Response.BlockHashes(List.of(hash(1)))));
        send(new GetAddrMessage());
        assertThat(sentToPeer()).as("an inv of block hashes would mislead the peer").isEmpty();
        assertConnectionKept();
        h.inbound.answerWith(r -> CompletableFuture.completedFuture(new Response.Peers(addresses(2, 5))));
        send(new GetAddrMessage());
        assertThat(sentToPeer()).singleElement().isInstanceOf(AddrMessage.class);
    }

    @Test
    void txIsAPushedTransaction() {
        send(new TxMessage(V5_TXS.get(0)));
        assertThat(h.inbound.requests()).containsExactly(new Request.PushTransaction(V5_TXS.get(0)));
        assertThat(h.inbound.peers().get(0)).isEqualTo(peer.client().info());
    }

    @Test
    void invOfExactlyOneBlockIsAnAdvertisedBlock() {
        send(new InvMessage(List.of(new InventoryItem.Block(hash(1)))));
        assertThat(h.inbound.requests()).containsExactly(new Request.AdvertiseBlock(hash(1)));
    }

    @Test
    void invWithTransactionsIsAdvertisedTransactionsWithoutTheBlocks() {
        TransactionId legacy = id(LEGACY_TXS.get(0));
        TransactionId v5 = id(V5_TXS.get(0));
        send(new InvMessage(List.of(new InventoryItem.Block(hash(1)), legacy.toInventory(), v5.toInventory())));
        assertThat(h.inbound.requests()).containsExactly(new Request.AdvertiseTransactionIds(Set.of(legacy, v5)));
    }

    @Test
    void emptySeveralBlocksOrNoTransactionInvsAreIgnored() {
        send(new InvMessage(List.of()),
                new InvMessage(List.of(new InventoryItem.Block(hash(1)), new InventoryItem.Block(hash(2)))),
                new InvMessage(List.of(new InventoryItem.FilteredBlock(hash(3)), new InventoryItem.Error(hash(4)))));
        assertThat(h.inbound.requests()).isEmpty();
        assertConnectionKept();
    }

    @Test
    void getdataWithAnyBlockIsABlockRequestWithoutTheTransactions() {
        send(new GetDataMessage(List.of(id(LEGACY_TXS.get(0)).toInventory(), new InventoryItem.Block(hash(1)),
                new InventoryItem.Block(hash(2)))));
        assertThat(h.inbound.requests()).containsExactly(new Request.BlocksByHash(Set.of(hash(1), hash(2))));
    }

    @Test
    void getdataWithTransactionsIsATransactionRequest() {
        TransactionId v5 = id(V5_TXS.get(0));
        send(new GetDataMessage(List.of(v5.toInventory(), new InventoryItem.FilteredBlock(hash(1)))));
        assertThat(h.inbound.requests()).containsExactly(new Request.TransactionsById(Set.of(v5)));
    }

    @Test
    void emptyOrUselessGetdataIsIgnored() {
        send(new GetDataMessage(List.of()), new GetDataMessage(List.of(new InventoryItem.Error(hash(1)))));
        assertThat(h.inbound.requests()).isEmpty();
    }

    @Test
    void getaddrGetblocksGetheadersAndMempoolMapToTheirRequests() {
        List<Hash32> locator = List.of(hash(1), hash(2));
        send(new GetAddrMessage(),
                new GetBlocksMessage(170_160, locator, Hash32.ZERO),
                new GetHeadersMessage(170_160, locator, hash(9)),
                new MempoolMessage());
        assertThat(h.inbound.requests()).containsExactly(new Request.Peers(), new Request.FindBlocks(locator, Hash32.ZERO),
                new Request.FindHeaders(locator, hash(9)), new Request.MempoolTransactionIds());
    }

    @Test
    void emptyLocatorsReachTheApplication() {
        send(new GetBlocksMessage(170_160, List.of(), Hash32.ZERO), new GetHeadersMessage(170_160, List.of(), hash(3)));
        assertThat(h.inbound.requests()).containsExactly(new Request.FindBlocks(List.of(), Hash32.ZERO),
                new Request.FindHeaders(List.of(), hash(3)));
        assertConnectionKept();
    }

    // ------------------------------------------------------------------ answers back to the peer

    private void answer(Response response, Message request) {
        h.inbound.answerWith(r -> CompletableFuture.completedFuture(response));
        send(request);
    }

    @Test
    void peersAnswerIsAnAddr() {
        answer(new Response.Peers(addresses(4, 60)), new GetAddrMessage());
        assertThat(sentToPeer()).containsExactly(new AddrMessage(addresses(4, 60)));
    }

    @Test
    void blocksAnswerIsOneBlockEachThenOneNotfound() {
        answer(new Response.Blocks(List.of(BLOCK_396, BLOCK_1687113), List.of(hash(7), hash(8))),
                new GetDataMessage(List.of(new InventoryItem.Block(hash(1)))));
        assertThat(sentToPeer()).containsExactly(new BlockMessage(BLOCK_396), new BlockMessage(BLOCK_1687113),
                new NotFoundMessage(List.of(new InventoryItem.Block(hash(7)), new InventoryItem.Block(hash(8)))));
    }

    @Test
    void transactionsAnswerIsOneTxEachThenOneNotfound() {
        TransactionId missing = id(V5_TXS.get(1));
        answer(new Response.Transactions(List.of(LEGACY_TXS.get(0)), List.of(missing)),
                new GetDataMessage(List.of(id(LEGACY_TXS.get(0)).toInventory())));
        assertThat(sentToPeer()).containsExactly(new TxMessage(LEGACY_TXS.get(0)), new NotFoundMessage(List.of(missing.toInventory())));
        // Nothing missing: no notfound.
        answer(new Response.Transactions(List.of(LEGACY_TXS.get(1)), List.of()),
                new GetDataMessage(List.of(id(LEGACY_TXS.get(1)).toInventory())));
        assertThat(sentToPeer()).hasSize(3);
    }

    @Test
    void blockHashesAnswerIsAnInv() {
        answer(new Response.BlockHashes(List.of(hash(1), hash(2))), new GetBlocksMessage(170_160, List.of(hash(0)), Hash32.ZERO));
        assertThat(sentToPeer()).containsExactly(new InvMessage(List.of(new InventoryItem.Block(hash(1)), new InventoryItem.Block(hash(2)))));
    }

    @Test
    void blockHeadersAnswerIsHeaders() {
        answer(new Response.BlockHeaders(List.of(BLOCK_396.header())), new GetHeadersMessage(170_160, List.of(hash(0)), Hash32.ZERO));
        assertThat(sentToPeer()).containsExactly(new HeadersMessage(List.of(BLOCK_396.header())));
    }

    @Test
    void transactionIdsAnswerIsAnInvOfAtMost25000() {
        List<TransactionId> ids = IntStream.range(0, 25_010).mapToObj(i -> (TransactionId) new TransactionId.Legacy(hash(i)))
                .collect(Collectors.toList());
        answer(new Response.TransactionIds(ids), new MempoolMessage());
        InvMessage inv = (InvMessage) sentToPeer().get(0);
        assertThat(inv.items()).hasSize(25_000);
    }

    @Test
    void nilAndPongAnswersSendNothing() {
        answer(new Response.Nil(), new GetAddrMessage());
        answer(new Response.Pong(java.time.Duration.ZERO), new MempoolMessage());
        assertThat(sentToPeer()).isEmpty();
        assertThat(h.inbound.requests()).hasSize(2);
    }

    @Test
    void inboundRequestsAreServedStrictlyOneAtATime() {
        CompletableFuture<Response> first = new CompletableFuture<>();
        h.inbound.answerWith(r -> h.inbound.requests().size() == 1 ? first : CompletableFuture.completedFuture(new Response.Nil()));
        send(new GetAddrMessage(), new MempoolMessage(), new PingMessage(3));
        assertThat(h.inbound.requests()).containsExactly(new Request.Peers());
        assertThat(sentToPeer()).as("the ping waits behind the inbound request").isEmpty();
        first.complete(new Response.Peers(addresses(1, 70)));
        h.scheduler.runUntilIdle();
        assertThat(h.inbound.requests()).containsExactly(new Request.Peers(), new Request.MempoolTransactionIds());
        assertThat(sentToPeer()).containsExactly(new AddrMessage(addresses(1, 70)), new PongMessage(3));
    }

    @Test
    void aShutDownInboundServiceFailsTheConnectionWithServiceShutdown() {
        h.inbound.answerWith(r -> CompletableFuture.failedFuture(new RejectedExecutionException("service shut down")));
        send(new GetAddrMessage(), new PingMessage(1));
        PeerException error = peer.client().error().orElseThrow();
        assertThat(error).isInstanceOf(PeerException.ServiceShutdown.class).hasCauseInstanceOf(RejectedExecutionException.class);
        assertThat(peer.client().closeFuture().join()).isSameAs(error);
        assertThat(peer.remote().closeReason()).isPresent();
        assertThat(sentToPeer()).as("nothing answered, the ping not read").isEmpty();
    }

    @Test
    void aShutDownInboundServiceMayAlsoThrowOrFailLater() {
        h.inbound.answerWith(r -> {
            throw new RejectedExecutionException("thrown, not returned");
        });
        send(new MempoolMessage());
        assertThat(peer.client().error()).containsInstanceOf(PeerException.ServiceShutdown.class);

        PeerHarness h2 = new PeerHarness();
        PeerHarness.Peer other = h2.connect();
        CompletableFuture<Response> later = new CompletableFuture<>();
        h2.inbound.answerWith(r -> later);
        other.remote().send(new GetAddrMessage());
        h2.scheduler.runUntilIdle();
        later.completeExceptionally(new CompletionException(new RejectedExecutionException("shut down")));
        h2.scheduler.runUntilIdle();
        assertThat(other.client().error()).containsInstanceOf(PeerException.ServiceShutdown.class);
    }

    // ------------------------------------------------------------------ inventory (reference 5.3, 6.4 step 5)

    @Test
    void everyInvAndNotfoundIsReportedToTheObserver() {
        TransactionId legacy = id(LEGACY_TXS.get(0));
        List<InventoryItem> mixed = List.of(new InventoryItem.Block(hash(1)), legacy.toInventory());
        List<InventoryItem> missing = List.of(new InventoryItem.Block(hash(2)), id(V5_TXS.get(0)).toInventory());
        send(new InvMessage(mixed), new NotFoundMessage(missing), new InvMessage(List.of()));
        assertThat(h.observer.inventory).containsExactly(
                new PeerHarness.Inventory(mixed, List.of()),
                new PeerHarness.Inventory(List.of(), missing),
                new PeerHarness.Inventory(List.of(), List.of()));
        assertThat(h.inbound.requests()).containsExactly(new Request.AdvertiseTransactionIds(Set.of(legacy)));
    }

    @Test
    void invAndNotfoundThatAnswerOurRequestsAreReportedToo() {
        // A FindBlocks answer (an inv of blocks) is consumed by the request, and still reported first.
        List<InventoryItem> hashes = List.of(new InventoryItem.Block(hash(1)), new InventoryItem.Block(hash(2)));
        var find = peer.client().call(new Request.FindBlocks(List.of(hash(0)), Hash32.ZERO));
        CompletableFuture<Integer> reportsWhenAnswered = find.handle((r, e) -> h.observer.inventory.size());
        h.scheduler.runUntilIdle();
        send(new InvMessage(hashes));
        assertThat(find.join()).isEqualTo(new Response.BlockHashes(List.of(hash(1), hash(2))));
        assertThat(h.observer.inventory).containsExactly(new PeerHarness.Inventory(hashes, List.of()));
        assertThat(reportsWhenAnswered.join()).as("reported before the request was answered").isEqualTo(1);

        // A notfound that ends a block request.
        var blocks = peer.client().call(new Request.BlocksByHash(Set.of(hash(3))));
        h.scheduler.runUntilIdle();
        List<InventoryItem> notFound = List.of(new InventoryItem.Block(hash(3)));
        send(new NotFoundMessage(notFound));
        assertThat(blocks).isCompletedExceptionally();
        assertThat(h.observer.inventory).containsExactly(new PeerHarness.Inventory(hashes, List.of()),
                new PeerHarness.Inventory(List.of(), notFound));
        assertThat(h.inbound.requests()).isEmpty();
    }

    @Test
    void otherInboundErrorsSendNothingAndKeepTheConnection() {
        h.inbound.answerWith(r -> CompletableFuture.failedFuture(new IllegalStateException("our bug")));
        send(new GetAddrMessage(), new MempoolMessage());
        h.inbound.answerWith(r -> {
            throw new IllegalStateException("thrown, not returned");
        });
        send(new GetAddrMessage());
        assertThat(h.inbound.requests()).hasSize(3);
        assertThat(sentToPeer()).isEmpty();
        assertConnectionKept();
    }
}
