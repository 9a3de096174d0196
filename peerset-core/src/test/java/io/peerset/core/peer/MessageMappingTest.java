package io.peerset.core.peer;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.Request;
import io.peerset.api.Response;
import io.peerset.api.TransactionId;
import io.peerset.wire.AddressEntry;
import io.peerset.wire.Hash32;
import io.peerset.wire.Message;
import io.peerset.wire.Transaction;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every permitted subtype of the sealed {@code Request} and {@code Response} is mapped: Java 17 has
 * no exhaustive {@code switch} over a sealed type, so these tests fail when a new subtype is added
 * and the mapping (or the samples here) is not extended.
 */
class MessageMappingTest {

    private static final Hash32 HASH = Hash32.fromDisplayHex("00040fe8ec8471911baa1db1266ea15dd06b4a8a5c453883c000b031973dce08");
    private static final Transaction TX = Fixtures.LEGACY_TXS.get(0);
    private static final TransactionId TXID = Fixtures.id(TX);

    /** One sample of every request, by type. */
    static final List<Request<?>> REQUESTS = List.of(
            new Request.Peers(), new Request.Ping(7), new Request.BlocksByHash(Set.of(HASH)),
            new Request.TransactionsById(Set.of(TXID)), new Request.FindBlocks(List.of(HASH), HASH),
            new Request.FindHeaders(List.of(HASH), HASH), new Request.PushTransaction(TX),
            new Request.AdvertiseTransactionIds(Set.of(TXID)), new Request.AdvertiseBlock(HASH),
            new Request.AdvertiseBlockToAll(HASH), new Request.MempoolTransactionIds());

    /** One sample of every response, by type. */
    static final List<Response> RESPONSES = List.of(
            new Response.Nil(), new Response.Peers(List.<AddressEntry>of()), new Response.Pong(Duration.ofMillis(3)),
            new Response.BlockHashes(List.of(HASH)), new Response.BlockHeaders(List.of(Fixtures.BLOCK_396.header())),
            new Response.TransactionIds(List.of(TXID)), new Response.Blocks(List.of(Fixtures.BLOCK_396), List.of(HASH)),
            new Response.Transactions(List.of(TX), List.of(TXID)));

    @Test
    void theSamplesCoverEveryPermittedSubtype() {
        assertThat(REQUESTS.stream().map(Object::getClass).collect(Collectors.toSet()))
                .as("a sample of every Request").containsExactlyInAnyOrder(Request.class.getPermittedSubclasses());
        assertThat(RESPONSES.stream().map(Object::getClass).collect(Collectors.toSet()))
                .as("a sample of every Response").containsExactlyInAnyOrder(Response.class.getPermittedSubclasses());
    }

    @Test
    void everyRequestMapsToAMessageAndHowItsAnswerIsRead() {
        AddressCache cache = new AddressCache(new SplittableRandom(1));
        Map<Class<?>, String> sent = REQUESTS.stream().collect(Collectors.toMap(Object::getClass,
                r -> MessageMapping.toOutgoing(r, 170_160, cache, () -> 0).message().command()));
        assertThat(sent).containsOnlyKeys(Arrays.asList(Request.class.getPermittedSubclasses()))
                .containsEntry(Request.Peers.class, "getaddr").containsEntry(Request.BlocksByHash.class, "getdata")
                .containsEntry(Request.FindHeaders.class, "getheaders").containsEntry(Request.PushTransaction.class, "tx");
        // only advertisements and pushes are answered Nil without waiting for the peer
        Function<Request<?>, Boolean> waits = r -> MessageMapping.toOutgoing(r, 170_160, cache, () -> 0).handler() != null;
        assertThat(REQUESTS.stream().filter(r -> !waits.apply(r)).map(Request::name).toList())
                .containsExactlyInAnyOrder("PushTransaction", "AdvertiseTransactionIds", "AdvertiseBlock",
                        "AdvertiseBlockToAll");
    }

    @Test
    void everyResponseMapsToTheMessagesThatCarryIt() {
        for (Response response : RESPONSES) {
            List<Message> messages = MessageMapping.toMessages(response);
            boolean nothingToSend = response instanceof Response.Nil || response instanceof Response.Pong;
            assertThat(messages).as(response.getClass().getSimpleName()).hasSizeGreaterThanOrEqualTo(nothingToSend ? 0 : 1);
            if (nothingToSend) {
                assertThat(messages).isEmpty();
            }
        }
    }

    /**
     * {@code toInboundRequest} over every permitted {@link Message}: each kind is either mapped to
     * its inbound request or listed here as not a request (the connection handles it, or it asks
     * for nothing), so a new message kind fails this test until it is placed in one of the two.
     */
    @Test
    void everyMessageKindIsMappedToAnInboundRequestOrListedAsNotARequest() {
        Map<Class<?>, Class<?>> mapped = Map.of(
                io.peerset.wire.TxMessage.class, Request.PushTransaction.class,
                io.peerset.wire.InvMessage.class, Request.AdvertiseBlock.class,
                io.peerset.wire.GetDataMessage.class, Request.BlocksByHash.class,
                io.peerset.wire.GetAddrMessage.class, Request.Peers.class,
                io.peerset.wire.GetBlocksMessage.class, Request.FindBlocks.class,
                io.peerset.wire.GetHeadersMessage.class, Request.FindHeaders.class,
                io.peerset.wire.MempoolMessage.class, Request.MempoolTransactionIds.class);
        Set<Class<?>> notARequest = Set.of(
                io.peerset.wire.VersionMessage.class, io.peerset.wire.VerackMessage.class, // the handshake's
                io.peerset.wire.PingMessage.class, // the connection answers it
                io.peerset.wire.PongMessage.class, io.peerset.wire.HeadersMessage.class, // answers, read as responses
                io.peerset.wire.BlockMessage.class, io.peerset.wire.NotFoundMessage.class,
                io.peerset.wire.AddrMessage.class, io.peerset.wire.AddrV2Message.class, // the address cache's
                io.peerset.wire.RejectMessage.class, // informational only
                io.peerset.wire.FilterLoadMessage.class, io.peerset.wire.FilterAddMessage.class, // bloom filters: unsupported
                io.peerset.wire.FilterClearMessage.class);
        assertThat(mapped.keySet()).as("a kind is mapped or not a request, never both").doesNotContainAnyElementsOf(notARequest);
        Set<Class<?>> placed = new java.util.HashSet<>(mapped.keySet());
        placed.addAll(notARequest);
        assertThat(placed).as("every permitted Message is placed (add a new kind to one of the lists above)")
                .containsExactlyInAnyOrder(Message.class.getPermittedSubclasses());

        List<Message> samples = MessageSamples.all();
        for (Class<?> kind : Message.class.getPermittedSubclasses()) {
            assertThat(samples).as("a sample of %s (add one to MessageSamples)", kind.getSimpleName())
                    .anyMatch(kind::isInstance);
        }
        for (Message message : samples) {
            var request = MessageMapping.toInboundRequest(message).<Class<?>>map(Object::getClass);
            if (notARequest.contains(message.getClass())) {
                assertThat(request).as("%s is not a request", message.command()).isEmpty();
            } else {
                assertThat(request).as("%s maps to its request", message.command()).contains(mapped.get(message.getClass()));
            }
        }
    }
}
