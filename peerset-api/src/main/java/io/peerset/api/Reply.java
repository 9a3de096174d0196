package io.peerset.api;

import static java.util.Objects.requireNonNull;

import io.peerset.wire.PeerAddress;
import java.util.Optional;

/**
 * A response and the peer that sent it, from {@link PeerSet#exchange}. A caller that finds the
 * data bad (a block that does not verify, headers that do not chain) reports that very peer with
 * {@link PeerSet#reportMisbehavior} — the reference has punished the wrong peer for bad data when it
 * could not tell which one had answered.
 *
 * <p>Immutable.
 *
 * @param response the response
 * @param peer     the peer that answered; empty for what the set sends to several peers
 *                 ({@link Request.AdvertiseTransactionIds}, {@link Request.AdvertiseBlock},
 *                 {@link Request.PushTransaction} and {@link Request.AdvertiseBlockToAll})
 * @param <R>      the response type
 */
public record Reply<R extends Response>(R response, Optional<PeerAddress> peer) {

    /** Checks for null. */
    public Reply {
        requireNonNull(response, "response");
        requireNonNull(peer, "peer");
    }
}
