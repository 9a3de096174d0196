package io.peerset.core.peer;

import io.peerset.api.PeerException;
import io.peerset.api.PeerSetConstants;
import io.peerset.api.Response;
import io.peerset.api.TransactionId;
import io.peerset.wire.AddrMessage;
import io.peerset.wire.AddrV2Message;
import io.peerset.wire.AddressEntry;
import io.peerset.wire.Block;
import io.peerset.wire.BlockMessage;
import io.peerset.wire.Hash32;
import io.peerset.wire.HeadersMessage;
import io.peerset.wire.InvMessage;
import io.peerset.wire.InventoryItem;
import io.peerset.wire.Message;
import io.peerset.wire.NotFoundMessage;
import io.peerset.wire.PongMessage;
import io.peerset.wire.Transaction;
import io.peerset.wire.TransactionIds;
import io.peerset.wire.TxMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Matches the peer's messages against one outstanding request (reference section 6.7). Each
 * handler is offered every message that arrives while its request waits; it consumes the ones that
 * answer it and says when the request is finished.
 *
 * <p>Not thread-safe: confined to the connection's executor.
 */
abstract sealed class ResponseHandler {

    /**
     * What a handler did with a message.
     *
     * @param consumed   whether the message belonged to the request
     * @param finished   whether the request is now answered
     * @param response   the answer, when finished successfully
     * @param error      the error, when finished with one
     * @param reprocess  a message to handle as an inbound message after finishing (an unrequested
     *                   {@code tx} ends a transaction request, then is a pushed transaction)
     */
    record Outcome(boolean consumed, boolean finished, Response response, PeerException error, Message reprocess) {
        static final Outcome NOT_CONSUMED = new Outcome(false, false, null, null, null);
        static final Outcome CONTINUE = new Outcome(true, false, null, null, null);

        static Outcome done(Response response) {
            return new Outcome(true, true, response, null, null);
        }

        static Outcome failed(PeerException error) {
            return new Outcome(true, true, null, error, null);
        }

        Outcome thenReprocess(Message message) {
            return new Outcome(consumed, finished, response, error, message);
        }
    }

    /**
     * @param message a message from the peer
     * @return what the handler did with it
     */
    abstract Outcome offer(Message message);

    /** {@code getaddr} → the next {@code addr}/{@code addrv2}; answers up to 37 random cached addresses. */
    static final class Peers extends ResponseHandler {
        private final AddressCache cache;

        Peers(AddressCache cache) {
            this.cache = cache;
        }

        @Override
        Outcome offer(Message message) {
            List<AddressEntry> received;
            if (message instanceof AddrMessage addr) {
                received = addr.entries();
            } else if (message instanceof AddrV2Message addrV2) {
                received = addrV2.addresses();
            } else {
                return Outcome.NOT_CONSUMED;
            }
            return Outcome.done(new Response.Peers(cache.takeWith(received, PeerSetConstants.PEER_ADDR_RESPONSE_LIMIT)));
        }
    }

    /** {@code ping(n)} → {@code pong(n)}; pongs with other nonces are not ours. */
    static final class Ping extends ResponseHandler {
        private final long nonce;
        private final long sentNanos;
        private final LongSupplier nanoTime;

        Ping(long nonce, LongSupplier nanoTime) {
            this.nonce = nonce;
            this.nanoTime = nanoTime;
            this.sentNanos = nanoTime.getAsLong();
        }

        @Override
        Outcome offer(Message message) {
            if (message instanceof PongMessage pong && pong.nonce() == nonce) {
                return Outcome.done(new Response.Pong(Duration.ofNanos(nanoTime.getAsLong() - sentNanos)));
            }
            return Outcome.NOT_CONSUMED;
        }
    }

    /**
     * {@code getdata(blocks)} → one {@code block} per hash, or a {@code notfound}. An unrequested
     * block is left to the inbound path, which ignores it: that is how a connection resynchronises
     * after a cancelled request whose blocks arrive late.
     */
    static final class Blocks extends ResponseHandler {
        private final Set<Hash32> pending;
        private final List<Block> received = new ArrayList<>();

        Blocks(Set<Hash32> hashes) {
            this.pending = new LinkedHashSet<>(hashes);
        }

        @Override
        Outcome offer(Message message) {
            if (message instanceof BlockMessage block) {
                if (!pending.remove(block.block().hash())) {
                    return Outcome.NOT_CONSUMED;
                }
                received.add(block.block());
                return pending.isEmpty() ? Outcome.done(new Response.Blocks(received, List.of())) : Outcome.CONTINUE;
            }
            if (message instanceof NotFoundMessage) {
                // Any notfound ends the request: what is still pending is missing, whatever the
                // notfound lists (a peer in sync lists exactly those; one out of sync gets what we have).
                if (received.isEmpty()) {
                    return Outcome.failed(new PeerException.NotFoundResponse(
                            pending.stream().<InventoryItem>map(InventoryItem.Block::new).toList()));
                }
                return Outcome.done(new Response.Blocks(received, List.copyOf(pending)));
            }
            return Outcome.NOT_CONSUMED;
        }
    }

    /**
     * {@code getdata(txs)} → one {@code tx} per id, or a {@code notfound}. An unrequested
     * {@code tx} ends the request (a peer that skips {@code notfound} must not make us wait the
     * full timeout) and is then handled as a pushed transaction.
     */
    static final class Transactions extends ResponseHandler {
        private final Set<TransactionId> pending;
        private final List<Transaction> received = new ArrayList<>();

        Transactions(Set<TransactionId> ids) {
            this.pending = new LinkedHashSet<>(ids);
        }

        @Override
        Outcome offer(Message message) {
            if (message instanceof TxMessage tx) {
                if (!pending.remove(idOf(tx.transaction())) && !pending.remove(legacyIdOf(tx.transaction()))) {
                    return endWithPartial().thenReprocess(message);
                }
                received.add(tx.transaction());
                return pending.isEmpty() ? Outcome.done(new Response.Transactions(received, List.of())) : Outcome.CONTINUE;
            }
            if (message instanceof NotFoundMessage) {
                return endWithPartial();
            }
            return Outcome.NOT_CONSUMED;
        }

        private Outcome endWithPartial() {
            if (received.isEmpty()) {
                return Outcome.failed(new PeerException.NotFoundResponse(
                        pending.stream().map(TransactionId::toInventory).toList()));
            }
            return Outcome.done(new Response.Transactions(received, List.copyOf(pending)));
        }

        static TransactionId idOf(Transaction tx) {
            Hash32 txid = TransactionIds.txid(tx);
            return TransactionIds.authDigest(tx).<TransactionId>map(auth -> new TransactionId.Witnessed(txid, auth))
                    .orElseGet(() -> new TransactionId.Legacy(txid));
        }

        /** A v5 transaction may also have been requested by its txid alone ({@code MSG_TX}). */
        private static TransactionId legacyIdOf(Transaction tx) {
            return new TransactionId.Legacy(TransactionIds.txid(tx));
        }
    }

    /** {@code getblocks} → an {@code inv} whose items are all blocks. */
    static final class FindBlocks extends ResponseHandler {
        @Override
        Outcome offer(Message message) {
            if (message instanceof InvMessage inv && inv.items().stream().allMatch(i -> i instanceof InventoryItem.Block)) {
                return Outcome.done(new Response.BlockHashes(
                        inv.items().stream().map(i -> ((InventoryItem.Block) i).hash()).toList()));
            }
            return Outcome.NOT_CONSUMED;
        }
    }

    /** {@code getheaders} → a {@code headers}. */
    static final class FindHeaders extends ResponseHandler {
        @Override
        Outcome offer(Message message) {
            if (message instanceof HeadersMessage headers) {
                return Outcome.done(new Response.BlockHeaders(headers.headers()));
            }
            return Outcome.NOT_CONSUMED;
        }
    }

    /** {@code mempool} → an {@code inv} whose items are all transaction ids. */
    static final class Mempool extends ResponseHandler {
        @Override
        Outcome offer(Message message) {
            if (message instanceof InvMessage inv
                    && inv.items().stream().allMatch(i -> TransactionId.fromInventory(i).isPresent())) {
                return Outcome.done(new Response.TransactionIds(
                        inv.items().stream().map(i -> TransactionId.fromInventory(i).orElseThrow()).toList()));
            }
            return Outcome.NOT_CONSUMED;
        }
    }
}
