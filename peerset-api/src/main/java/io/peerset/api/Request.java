package io.peerset.api;

import static java.util.Objects.requireNonNull;

import io.peerset.api.internal.Checks;
import io.peerset.wire.Hash32;
import io.peerset.wire.Transaction;
import io.peerset.wire.WireLimits;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A request to a peer (reference Appendix B), made by the application through the peer set, or
 * made by a remote peer and handed to the application's {@link InboundService}. Each record says
 * which wire messages carry it and which {@link Response} answers it (reference sections 6.7, 6.8).
 *
 * <p>A request is typed by its response: {@code peerSet.call(new Request.BlocksByHash(hashes))}
 * completes with a {@link Response.Blocks}, no cast needed.
 *
 * <p>Immutable. Collections are copied; their sizes are checked against the wire limits, so a
 * request that exists can be sent.
 *
 * @param <R> the response that answers it
 */
public sealed interface Request<R extends Response> {

    /**
     * @return the type of the response that answers this request: a peer set or a connection
     *         completes {@code call} with an instance of it, or fails
     */
    Class<R> responseType();

    /** @return a short name for logs and metrics, for example {@code "BlocksByHash"} */
    default String name() {
        return getClass().getSimpleName();
    }

    /** Gossip: addresses the peer knows. Sent as {@code getaddr}; answered with {@link Response.Peers}. */
    record Peers() implements Request<Response.Peers> {
        @Override
        public Class<Response.Peers> responseType() {
            return Response.Peers.class;
        }
    }

    /**
     * Liveness probe. Sent as {@code ping}; answered with {@link Response.Pong} when the matching
     * {@code pong} arrives.
     *
     * @param nonce echoed by the peer
     */
    record Ping(long nonce) implements Request<Response.Pong> {
        @Override
        public Class<Response.Pong> responseType() {
            return Response.Pong.class;
        }
    }

    /**
     * Blocks by hash. Sent as {@code getdata}; answered with {@link Response.Blocks}.
     *
     * @param hashes 1..{@value WireLimits#MAX_INV_IN_MESSAGE} block hashes, internal order
     */
    record BlocksByHash(Set<Hash32> hashes) implements Request<Response.Blocks> {
        /** Copies, keeping the order; checks the size. */
        public BlocksByHash {
            hashes = copy("hashes", hashes, WireLimits.MAX_INV_IN_MESSAGE);
        }

        @Override
        public Class<Response.Blocks> responseType() {
            return Response.Blocks.class;
        }
    }

    /**
     * Transactions by id. Sent as {@code getdata} ({@code MSG_TX} or {@code MSG_WTX} per id);
     * answered with {@link Response.Transactions}.
     *
     * @param ids 1..{@value WireLimits#MAX_INV_IN_MESSAGE} ids
     */
    record TransactionsById(Set<TransactionId> ids) implements Request<Response.Transactions> {
        /** Copies, keeping the order; checks the size. */
        public TransactionsById {
            ids = copy("ids", ids, WireLimits.MAX_INV_IN_MESSAGE);
        }

        @Override
        public Class<Response.Transactions> responseType() {
            return Response.Transactions.class;
        }
    }

    /**
     * Hashes of the blocks after the first locator hash the peer knows. Sent as {@code getblocks};
     * answered with {@link Response.BlockHashes}.
     *
     * @param knownBlocks the block locator, newest first, 0..{@value WireLimits#MAX_LOCATOR_HASHES}
     *                    (empty: the peer starts from its genesis or answers only {@code stop}, as
     *                    peers may legitimately ask)
     * @param stop        the last hash wanted, or {@link Hash32#ZERO} for as many as the peer sends
     */
    record FindBlocks(List<Hash32> knownBlocks, Hash32 stop) implements Request<Response.BlockHashes> {
        /** Copies; checks the size. */
        public FindBlocks {
            knownBlocks = locator(knownBlocks);
            requireNonNull(stop, "stop");
        }

        @Override
        public Class<Response.BlockHashes> responseType() {
            return Response.BlockHashes.class;
        }
    }

    /**
     * Headers of the blocks after the first locator hash the peer knows. Sent as
     * {@code getheaders}; answered with {@link Response.BlockHeaders}.
     *
     * @param knownBlocks the block locator, newest first, 0..{@value WireLimits#MAX_LOCATOR_HASHES}
     * @param stop        the last hash wanted, or {@link Hash32#ZERO} for as many as the peer sends
     */
    record FindHeaders(List<Hash32> knownBlocks, Hash32 stop) implements Request<Response.BlockHeaders> {
        /** Copies; checks the size. */
        public FindHeaders {
            knownBlocks = locator(knownBlocks);
            requireNonNull(stop, "stop");
        }

        @Override
        public Class<Response.BlockHeaders> responseType() {
            return Response.BlockHeaders.class;
        }
    }

    /**
     * Pushes a transaction. Sent as {@code tx}; answered at once with {@link Response.Nil}.
     *
     * @param transaction the transaction
     */
    record PushTransaction(Transaction transaction) implements Request<Response.Nil> {
        /** Checks for null. */
        public PushTransaction {
            requireNonNull(transaction, "transaction");
        }

        @Override
        public Class<Response.Nil> responseType() {
            return Response.Nil.class;
        }
    }

    /**
     * Advertises transactions. Sent as one {@code inv} of at most
     * {@value WireLimits#MAX_TX_INV_IN_SENT_MESSAGE} ids (the excess is not sent); answered at once
     * with {@link Response.Nil}.
     *
     * @param ids 1..{@value WireLimits#MAX_INV_IN_MESSAGE} ids
     */
    record AdvertiseTransactionIds(Set<TransactionId> ids) implements Request<Response.Nil> {
        /** Copies, keeping the order; checks the size. */
        public AdvertiseTransactionIds {
            ids = copy("ids", ids, WireLimits.MAX_INV_IN_MESSAGE);
        }

        @Override
        public Class<Response.Nil> responseType() {
            return Response.Nil.class;
        }
    }

    /**
     * Advertises a block to one peer. Sent as {@code inv}; answered at once with {@link Response.Nil}.
     *
     * @param hash the block hash
     */
    record AdvertiseBlock(Hash32 hash) implements Request<Response.Nil> {
        /** Checks for null. */
        public AdvertiseBlock {
            requireNonNull(hash, "hash");
        }

        @Override
        public Class<Response.Nil> responseType() {
            return Response.Nil.class;
        }
    }

    /**
     * Advertises a block to every ready peer (the peer set fans it out; a single connection sends
     * it like {@link AdvertiseBlock}).
     *
     * @param hash the block hash
     */
    record AdvertiseBlockToAll(Hash32 hash) implements Request<Response.Nil> {
        /** Checks for null. */
        public AdvertiseBlockToAll {
            requireNonNull(hash, "hash");
        }

        @Override
        public Class<Response.Nil> responseType() {
            return Response.Nil.class;
        }
    }

    /** The peer's mempool. Sent as {@code mempool}; answered with {@link Response.TransactionIds}. */
    record MempoolTransactionIds() implements Request<Response.TransactionIds> {
        @Override
        public Class<Response.TransactionIds> responseType() {
            return Response.TransactionIds.class;
        }
    }

    private static <T> Set<T> copy(String name, Set<T> items, int max) {
        requireNonNull(items, name);
        if (items.isEmpty() || items.size() > max) {
            throw new IllegalArgumentException(Checks.message(name, items.size() + " items", "1.." + max));
        }
        Set<T> copy = new LinkedHashSet<>(items.size() * 2);
        for (T item : items) {
            copy.add(requireNonNull(item, name + " item"));
        }
        return Collections.unmodifiableSet(copy);
    }

    private static List<Hash32> locator(List<Hash32> knownBlocks) {
        List<Hash32> copy = List.copyOf(requireNonNull(knownBlocks, "knownBlocks"));
        if (copy.size() > WireLimits.MAX_LOCATOR_HASHES) {
            throw new IllegalArgumentException(Checks.message("knownBlocks", copy.size() + " hashes",
                    "0.." + WireLimits.MAX_LOCATOR_HASHES));
        }
        return copy;
    }
}
