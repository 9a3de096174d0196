package io.peerset.api;

import static java.util.Objects.requireNonNull;

import io.peerset.wire.AddressEntry;
import io.peerset.wire.Block;
import io.peerset.wire.BlockHeader;
import io.peerset.wire.Hash32;
import io.peerset.wire.Transaction;
import java.time.Duration;
import java.util.List;

/**
 * The answer to a {@link Request} (reference Appendix B): from a peer to the application, or from
 * the application's {@link InboundService} to a peer (then turned into wire messages, reference
 * section 6.8).
 *
 * <p>Immutable; lists are copied. Deviation from the reference: the peer that answered is not
 * stored inside {@link Blocks}/{@link Transactions} items; callers that need it for per-peer
 * policies get it from the client or the peer set that routed the request.
 */
public sealed interface Response {

    /** @return a short name for logs and metrics */
    default String name() {
        return getClass().getSimpleName();
    }

    /** Nothing to send back (advertisements, pushes, or an inbound request we do not answer). */
    record Nil() implements Response {
    }

    /**
     * Addresses, with their last-seen times.
     *
     * @param addresses sent as {@code addr} (v1) when answering a peer
     */
    record Peers(List<AddressEntry> addresses) implements Response {
        /** Copies. */
        public Peers {
            addresses = List.copyOf(requireNonNull(addresses, "addresses"));
        }
    }

    /**
     * A ping's answer.
     *
     * @param rtt time from sending {@code ping} to receiving the matching {@code pong}
     */
    record Pong(Duration rtt) implements Response {
        /** Checks for null. */
        public Pong {
            requireNonNull(rtt, "rtt");
        }
    }

    /**
     * Block hashes, in chain order (answer to {@link Request.FindBlocks}).
     *
     * @param hashes sent as {@code inv}
     */
    record BlockHashes(List<Hash32> hashes) implements Response {
        /** Copies. */
        public BlockHashes {
            hashes = List.copyOf(requireNonNull(hashes, "hashes"));
        }
    }

    /**
     * Block headers, in chain order (answer to {@link Request.FindHeaders}).
     *
     * @param headers sent as {@code headers}
     */
    record BlockHeaders(List<BlockHeader> headers) implements Response {
        /** Copies. */
        public BlockHeaders {
            headers = List.copyOf(requireNonNull(headers, "headers"));
        }
    }

    /**
     * Transaction ids (answer to {@link Request.MempoolTransactionIds}).
     *
     * @param ids sent as {@code inv}, at most 25,000 of them
     */
    record TransactionIds(List<TransactionId> ids) implements Response {
        /** Copies. */
        public TransactionIds {
            ids = List.copyOf(requireNonNull(ids, "ids"));
        }
    }

    /**
     * Blocks found, and the hashes the peer said it does not have.
     *
     * @param available blocks received (or, answering a peer, sent as one {@code block} each)
     * @param missing   hashes reported missing (sent as one {@code notfound})
     */
    record Blocks(List<Block> available, List<Hash32> missing) implements Response {
        /** Copies. */
        public Blocks {
            available = List.copyOf(requireNonNull(available, "available"));
            missing = List.copyOf(requireNonNull(missing, "missing"));
        }
    }

    /**
     * Transactions found, and the ids the peer said it does not have.
     *
     * @param available transactions received (or, answering a peer, sent as one {@code tx} each)
     * @param missing   ids reported missing (sent as one {@code notfound})
     */
    record Transactions(List<Transaction> available, List<TransactionId> missing) implements Response {
        /** Copies. */
        public Transactions {
            available = List.copyOf(requireNonNull(available, "available"));
            missing = List.copyOf(requireNonNull(missing, "missing"));
        }
    }
}
