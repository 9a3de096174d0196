package io.peerset.api;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * A running node's counters at one moment, for status lines and monitoring. Immutable.
 *
 * @param outbound         outbound connections holding a slot (dialling, handshaking or connected)
 * @param inbound          inbound connections holding a slot
 * @param peerSet          the peer set's own status (ready, busy, checking peers; waiting requests)
 * @param addressBook      address-book records by state (every state present, zeros included)
 * @param handshakesOk     successful handshakes since start, both directions
 * @param handshakesFailed failed dials and handshakes since start, both directions
 * @param locatorVersionMismatches {@code getblocks}/{@code getheaders} messages received since start
 *                         whose version field was not the negotiated version (bcoin writes its own);
 *                         accepted and served, unlike the reference, which drops the peer (see
 *                         {@code io.peerset.wire.PayloadCodec})
 */
public record NodeStatus(int outbound, int inbound, PeerSetStatus peerSet, Map<PeerAddrState, Integer> addressBook,
                         long handshakesOk, long handshakesFailed, long locatorVersionMismatches) {
    /** Copies. */
    public NodeStatus {
        requireNonNull(peerSet, "peerSet");
        addressBook = Map.copyOf(addressBook);
    }

    /**
     * A status with no locator version mismatch counted (a node that does not count them).
     *
     * @param outbound         outbound connections holding a slot
     * @param inbound          inbound connections holding a slot
     * @param peerSet          the peer set's own status
     * @param addressBook      address-book records by state
     * @param handshakesOk     successful handshakes since start
     * @param handshakesFailed failed dials and handshakes since start
     */
    public NodeStatus(int outbound, int inbound, PeerSetStatus peerSet, Map<PeerAddrState, Integer> addressBook,
                      long handshakesOk, long handshakesFailed) {
        this(outbound, inbound, peerSet, addressBook, handshakesOk, handshakesFailed, 0);
    }

    /** @return peers ready for a request */
    public int ready() {
        return peerSet.ready();
    }
}
